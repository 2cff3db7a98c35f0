<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>ApprovalDialog</name>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="57"/>
        <source>Please ask a staff member to approve this.</source>
        <translation>Pida a un miembro del personal que lo apruebe.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="78"/>
        <source>For the staff member:</source>
        <translation>Para el miembro del personal:</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="92"/>
        <source>Staff login or badge</source>
        <translation>Usuario o credencial del personal</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="94"/>
        <source>Staff PIN</source>
        <translation>PIN del personal</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="99"/>
        <source>Reason for the override</source>
        <translation>Motivo de la excepción</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="100"/>
        <source>e.g. the patron&apos;s ID was checked</source>
        <translation>p. ej., se comprobó la identificación del usuario</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="102"/>
        <source>Staff &amp;login or badge:</source>
        <translation>&amp;Usuario o credencial del personal:</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="103"/>
        <source>Staff &amp;PIN:</source>
        <translation>&amp;PIN del personal:</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="104"/>
        <source>&amp;Reason (required):</source>
        <translation>&amp;Motivo (obligatorio):</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="129"/>
        <source>Cancel (Esc)</source>
        <translation>Cancelar (Esc)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="129"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="131"/>
        <source>&amp;Approve (Ctrl+Enter)</source>
        <translation>&amp;Aprobar (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="131"/>
        <source>Approve</source>
        <translation>Aprobar</translation>
    </message>
</context>
<context>
    <name>BandCounter</name>
    <message>
        <location filename="../../src/popup/ui/events/counters.py" line="88"/>
        <source>Ages {0}</source>
        <extracomment>Keyboard shortcuts exist for the first nine bands: Ctrl+n adds, Alt+n takes one off. Point sizes of the band&apos;s name, the + button&apos;s shortcut line and the − button, at full width; and the smallest any of them shrinks to.</extracomment>
        <translation>{0} años</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/counters.py" line="94"/>
        <source>Count for ages {0}</source>
        <translation>Conteo de {0} años</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/counters.py" line="96"/>
        <source>Add one, ages {0}</source>
        <translation>Sumar uno: {0} años</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/counters.py" line="115"/>
        <source>Take one off, ages {0}</source>
        <translation>Restar uno: {0} años</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <location filename="../../src/popup/ui/feedback.py" line="104"/>
        <source>Last scan result</source>
        <extracomment>Background / text colours: green, amber, red, each readable with its text colour (WCAG AA).</extracomment>
        <translation>Resultado del último escaneo</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/feedback.py" line="117"/>
        <source>Ready to scan</source>
        <translation>Listo para escanear</translation>
    </message>
</context>
<context>
    <name>CameraView</name>
    <message>
        <location filename="../../src/popup/ui/camera.py" line="223"/>
        <source>Camera view</source>
        <translation>Vista de la cámara</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/camera.py" line="246"/>
        <source>Camera status</source>
        <extracomment>Staff want the camera on (start() until stop()); an answer after stop() is ignored. A permission request is out and not answered yet. The system refused the camera (``reason`` says where to allow it).</extracomment>
        <translation>Estado de la cámara</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/camera.py" line="270"/>
        <source>Camera is off. Press F9 to scan a QR card.</source>
        <extracomment>Whether QtMultimedia was asked for a camera yet (see :meth:`probe`); until then the view assumes there is one, and F9 asks.</extracomment>
        <translation>La cámara está apagada. Pulse F9 para leer una tarjeta QR.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/camera.py" line="286"/>
        <source>Popup may not use the camera; the camera box says how to allow it.</source>
        <translation>Popup no tiene permiso para usar la cámara; el recuadro de la cámara explica cómo permitirlo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/camera.py" line="309"/>
        <source>Waiting for permission to use the camera…</source>
        <translation>Esperando permiso para usar la cámara…</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/camera.py" line="335"/>
        <source>Camera picture</source>
        <translation>Imagen de la cámara</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/camera.py" line="378"/>
        <source>The camera stopped: {0}</source>
        <translation>La cámara se detuvo: {0}</translation>
    </message>
</context>
<context>
    <name>CardView</name>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="56"/>
        <source>QR code of the library card</source>
        <extracomment>Screen pixels per QR module: a phone photographs this from arm&apos;s length.</extracomment>
        <translation>Código QR de la tarjeta de biblioteca</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="73"/>
        <source>Card number</source>
        <translation>Número de tarjeta</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="89"/>
        <source>The patron can photograph the QR code with a phone.</source>
        <translation>El usuario puede fotografiar el código QR con su teléfono.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="103"/>
        <source>Start checkout (Enter)</source>
        <translation>Empezar el préstamo (Intro)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="111"/>
        <source>PNG… (Ctrl+E)</source>
        <translation>PNG… (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="112"/>
        <source>Export the card as a PNG image</source>
        <translation>Exportar la tarjeta como imagen PNG</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="113"/>
        <source>PDF… (Ctrl+S)</source>
        <translation>PDF… (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="114"/>
        <source>Save the card as a PDF</source>
        <translation>Guardar la tarjeta en PDF</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="116"/>
        <source>Print… (Ctrl+Shift+P)</source>
        <translation>Imprimir… (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="117"/>
        <source>Print the card</source>
        <translation>Imprimir la tarjeta</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="118"/>
        <source>Next sign-up (Ctrl+N)</source>
        <translation>Otra inscripción (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="119"/>
        <source>Sign up another patron</source>
        <translation>Inscribir a otro usuario</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="133"/>
        <source>Where the card was saved</source>
        <extracomment>&quot;Saved to …&quot; after a save, or why it was not saved (in the problem colour).</extracomment>
        <translation>Dónde se guardó la tarjeta</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="168"/>
        <source>Signed up. Card ready:</source>
        <translation>Inscripción hecha. Tarjeta lista:</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="174"/>
        <source>{0} · card valid to {1}</source>
        <translation>{0} · tarjeta válida hasta {1}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="178"/>
        <source>TEMPORARY NUMBER: this laptop has no card numbers left. The patron can borrow now; the next sync replaces it with a permanent number.</source>
        <translation>NÚMERO TEMPORAL: a este equipo no le quedan números de tarjeta. El usuario ya puede llevarse préstamos; la próxima sincronización lo cambia por un número permanente.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="223"/>
        <source>Could not write {0}</source>
        <translation>No se pudo escribir {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="247"/>
        <source>Export card as PNG</source>
        <translation>Exportar tarjeta como PNG</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="247"/>
        <source>PNG image (*.png)</source>
        <translation>Imagen PNG (*.png)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="248"/>
        <location filename="../../src/popup/ui/signup/card_view.py" line="257"/>
        <source>Nothing saved: the card was cleared from the screen.</source>
        <translation>No se guardó nada: la tarjeta se borró de la pantalla.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="256"/>
        <source>Save card as PDF</source>
        <translation>Guardar tarjeta en PDF</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="256"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="267"/>
        <source>Card not saved: {0}</source>
        <translation>No se guardó la tarjeta: {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="269"/>
        <source>Saved to {0}</source>
        <translation>Guardado en {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="287"/>
        <source>Print library card</source>
        <translation>Imprimir tarjeta de biblioteca</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="292"/>
        <source>Nothing printed: the card was cleared from the screen.</source>
        <translation>No se imprimió nada: la tarjeta se borró de la pantalla.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="298"/>
        <source>Card not printed</source>
        <translation>No se imprimió la tarjeta</translation>
    </message>
</context>
<context>
    <name>CheckoutPage</name>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="121"/>
        <source>Patron card (F5)</source>
        <extracomment>The patron&apos;s record changed while this page was hidden: read it again when shown. A staff member&apos;s approval of the patron&apos;s blocks (a volunteer at the desk). The patron was found by name (no card): their checkouts record it (#15). The open lookup, question or new card of the card flows (Ctrl+L, Ctrl+Shift+L/E). The outbox seq of the payment taken in this visit, if any (Undo must not reach past it).</extracomment>
        <translation>Tarjeta del usuario (F5)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="124"/>
        <source>Patron card number</source>
        <translation>Número de tarjeta del usuario</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="125"/>
        <source>Scan the card</source>
        <translation>Escanee la tarjeta</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="128"/>
        <location filename="../../src/popup/ui/desk/checkout.py" line="1031"/>
        <source>Camera (F9)</source>
        <translation>Cámara (F9)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="128"/>
        <source>Scan a QR card with the camera</source>
        <translation>Leer una tarjeta QR con la cámara</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="146"/>
        <source>Item barcode (F6)</source>
        <translation>Código de barras del ejemplar (F6)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="148"/>
        <source>Item barcode</source>
        <translation>Código de barras del ejemplar</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="149"/>
        <location filename="../../src/popup/ui/desk/checkout.py" line="203"/>
        <source>Scan items one after another</source>
        <translation>Escanee los ejemplares uno tras otro</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="153"/>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="153"/>
        <source>Barcode</source>
        <translation>Código de barras</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="153"/>
        <source>Due back</source>
        <translation>Vence</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="153"/>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="157"/>
        <source>Items lent in this visit</source>
        <translation>Ejemplares prestados en esta visita</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="162"/>
        <source>Undo last scan (Ctrl+Z)</source>
        <translation>Deshacer (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="162"/>
        <source>Undo last scan</source>
        <translation>Deshacer el último escaneo</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="164"/>
        <source>Slip (F8)</source>
        <translation>Recibo (F8)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="164"/>
        <source>Show due-date slip</source>
        <translation>Mostrar el recibo de préstamo</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="166"/>
        <source>Print slip (Ctrl+P)</source>
        <translation>Imprimir (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="166"/>
        <source>Print due-date slip</source>
        <translation>Imprimir el recibo de préstamo</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="168"/>
        <source>Done (F12)</source>
        <translation>Listo (F12)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="168"/>
        <source>Done: next patron</source>
        <translation>Listo: siguiente usuario</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="203"/>
        <source>Scan a patron first</source>
        <translation>Escanee primero la tarjeta del usuario</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="242"/>
        <source>Found by name: {0}, card ending {1}. Scan the items.</source>
        <translation>Encontrado por nombre: {0}, tarjeta terminada en {1}. Escanee los ejemplares.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="272"/>
        <source>This patron is blocked</source>
        <translation>Este usuario está bloqueado</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="269"/>
        <source>Card ending {0}</source>
        <translation>Tarjeta terminada en {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="247"/>
        <location filename="../../src/popup/ui/desk/checkout.py" line="896"/>
        <source>Ready: scan the items.</source>
        <translation>Listo: escanee los ejemplares.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="254"/>
        <source>Please ask staff.</source>
        <translation>Pida ayuda al personal.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="289"/>
        <location filename="../../src/popup/ui/desk/checkout.py" line="395"/>
        <source>Approved by {0}: {1}</source>
        <translation>Aprobado por {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="292"/>
        <source>Blocks overridden: {0}</source>
        <translation>Bloqueos autorizados: {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="296"/>
        <source>Cancelled: nothing was lent.</source>
        <translation>Cancelado: no se prestó nada.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="340"/>
        <source>“{0}” is a patron card, not an item. Scan the item&apos;s barcode, or press Done (F12) to serve the next patron.</source>
        <translation>“{0}” es una tarjeta de usuario, no un ejemplar. Escanee el código de barras del ejemplar, o pulse Listo (F12) para atender al siguiente usuario.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="371"/>
        <source>Check out anyway?</source>
        <translation>¿Prestar de todos modos?</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="376"/>
        <source>Not lent: {0}</source>
        <translation>No se prestó: {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="393"/>
        <source>Override: {0}</source>
        <translation>Autorizado: {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="399"/>
        <source>Hold picked up</source>
        <translation>Reserva retirada</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="409"/>
        <source>Lent: {0} — due {1}</source>
        <translation>Prestado: {0} — vence el {1}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="411"/>
        <source>Lent: {0} — due {1} — approved by {2}</source>
        <translation>Prestado: {0} — vence el {1} — aprobado por {2}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="415"/>
        <source>Hold picked up: {0} — due {1}</source>
        <translation>Reserva retirada: {0} — vence el {1}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="570"/>
        <source>Find a patron by name</source>
        <translation>Buscar un usuario por nombre</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="615"/>
        <source>Replace a lost card: find the patron</source>
        <translation>Reponer una tarjeta perdida: busque al usuario</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="622"/>
        <source>Give {0} a new card? The card ending {1} is refused from now on: here at once, on the other laptops after their next sync.</source>
        <translation>¿Dar una tarjeta nueva a {0}? La tarjeta terminada en {1} se rechaza desde ahora: aquí de inmediato, en los demás equipos tras su próxima sincronización.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="626"/>
        <source>Replace a lost card</source>
        <translation>Reponer una tarjeta perdida</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="628"/>
        <source>Replace the card (Enter)</source>
        <translation>Reponer la tarjeta (Intro)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="628"/>
        <source>Replace the card</source>
        <translation>Reponer la tarjeta</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="682"/>
        <source>New card {0} for {1}; the card ending {2} is blocked as lost.</source>
        <translation>Tarjeta nueva {0} para {1}; la tarjeta terminada en {2} queda bloqueada por pérdida.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="689"/>
        <source>Renew a card: find the patron</source>
        <translation>Renovar una tarjeta: busque al usuario</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="696"/>
        <source>Renew the card of {0} ({1}) until {2}?</source>
        <translation>¿Renovar la tarjeta de {0} ({1}) hasta el {2}?</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="702"/>
        <source>Renew a card</source>
        <translation>Renovar una tarjeta</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="704"/>
        <source>Renew the card (Enter)</source>
        <translation>Renovar la tarjeta (Intro)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="704"/>
        <source>Renew the card</source>
        <translation>Renovar la tarjeta</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="726"/>
        <source>Card renewed: valid until {0}. Scan the items.</source>
        <translation>Tarjeta renovada: válida hasta el {0}. Escanee los ejemplares.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="754"/>
        <source>Renew anyway?</source>
        <translation>¿Renovar de todos modos?</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="758"/>
        <source>Not renewed.</source>
        <translation>No se renovó.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="766"/>
        <source>Select a loan to renew first.</source>
        <translation>Seleccione primero el préstamo que quiere renovar.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="797"/>
        <source>Renewed: {0} — due {1}</source>
        <translation>Renovado: {0} — vence el {1}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/checkout.py" line="802"/>
        <source>Loans renewed: %n.</source>
        <translation>
            <numerusform>Préstamos renovados: %n.</numerusform>
            <numerusform>Préstamos renovados: %n.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/checkout.py" line="806"/>
        <source>Not due to move yet, no renewal used: %n ({0}).</source>
        <translation>
            <numerusform>Aún no cambia la fecha, sin gastar renovación: %n ({0}).</numerusform>
            <numerusform>Aún no cambia la fecha, sin gastar renovación: %n ({0}).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/checkout.py" line="812"/>
        <source>Not renewed: %n ({0}).</source>
        <translation>
            <numerusform>No renovados: %n ({0}).</numerusform>
            <numerusform>No renovados: %n ({0}).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="824"/>
        <source>Scan the patron&apos;s card first: a payment is taken against their fines.</source>
        <translation>Escanee primero la tarjeta del usuario: el pago se aplica a sus multas.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="848"/>
        <source>Nothing was undone: a payment cannot be taken back here. Put a wrong payment right in the library system.</source>
        <translation>No se deshizo nada: un pago no se puede anular aquí. Corrija un pago equivocado en el sistema de la biblioteca.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="886"/>
        <source>Fines waived: {0}. {1}.</source>
        <translation>Multas condonadas: {0}. {1}.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="888"/>
        <source>Payment recorded: {0} ({1}). {2}.</source>
        <translation>Pago registrado: {0} ({1}). {2}.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="905"/>
        <source>No payment recorded.</source>
        <translation>No se registró ningún pago.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="949"/>
        <source>Nothing lent yet: no slip to show.</source>
        <translation>Aún no se prestó nada: no hay recibo que mostrar.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="964"/>
        <source>Nothing lent yet: no slip to print.</source>
        <translation>Aún no se prestó nada: no hay recibo que imprimir.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="974"/>
        <source>Nothing printed: the visit was cleared.</source>
        <translation>No se imprimió nada: la visita se borró de la pantalla.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="1032"/>
        <source>Read a QR library card with the camera</source>
        <translation>Leer con la cámara el código QR de una tarjeta de biblioteca</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="1035"/>
        <source>No camera (F9)</source>
        <translation>Sin cámara (F9)</translation>
    </message>
</context>
<context>
    <name>ClockBar</name>
    <message>
        <location filename="../../src/popup/ui/clock_warning.py" line="146"/>
        <source>Clock warning</source>
        <extracomment>How often the clock is looked at between actions.</extracomment>
        <translation>Aviso sobre el reloj</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/clock_warning.py" line="147"/>
        <location filename="../../src/popup/ui/clock_warning.py" line="170"/>
        <source>The time is right</source>
        <translation>La hora es correcta</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/clock_warning.py" line="151"/>
        <source>Hide this warning: the date and time on this laptop are right.</source>
        <translation>Ocultar este aviso: la fecha y la hora de este equipo son correctas.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/clock_warning.py" line="165"/>
        <source>Check the date and time:</source>
        <translation>Revise la fecha y la hora:</translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <location filename="../../src/popup/ui/desk/prompt.py" line="116"/>
        <source>Cancel (Esc)</source>
        <translation>Cancelar (Esc)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/prompt.py" line="116"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>DeskPrompt</name>
    <message>
        <location filename="../../src/popup/ui/desk/prompt.py" line="77"/>
        <source>A scan arrived while this question was open and was not used: answer first, then scan again.</source>
        <translation>Llegó un escaneo mientras esta pregunta estaba abierta y no se usó: responda primero y vuelva a escanear.</translation>
    </message>
</context>
<context>
    <name>DuplicateDialog</name>
    <message>
        <location filename="../../src/popup/ui/signup/duplicates.py" line="46"/>
        <source>Possible duplicate patron</source>
        <translation>Posible usuario duplicado</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/duplicates.py" line="59"/>
        <source>“{0}” may already have a card. Check with the patron:</source>
        <translation>Puede que “{0}” ya tenga tarjeta. Confírmelo con el usuario:</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/duplicates.py" line="68"/>
        <source>Open the existing patron to serve them, or create the new patron anyway (the library merges true duplicates later).</source>
        <translation>Abra el usuario existente para atenderlo, o cree el usuario nuevo de todos modos (la biblioteca fusiona después los duplicados reales).</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/duplicates.py" line="77"/>
        <source>same name and date of birth</source>
        <translation>mismo nombre y fecha de nacimiento</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/duplicates.py" line="78"/>
        <source>same email</source>
        <translation>mismo correo electrónico</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/duplicates.py" line="79"/>
        <source>same phone</source>
        <translation>mismo teléfono</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/duplicates.py" line="88"/>
        <source>{0}
card {1} · {2} · {3}</source>
        <translation>{0}
tarjeta {1} · {2} · {3}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/duplicates.py" line="114"/>
        <source>This person may already have a card. Please ask a staff member.</source>
        <translation>Puede que esta persona ya tenga tarjeta. Pida ayuda a un miembro del personal.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/duplicates.py" line="51"/>
        <source>Open existing patron</source>
        <translation>Abrir usuario existente</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/duplicates.py" line="52"/>
        <source>Create anyway</source>
        <translation>Crear de todos modos</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/duplicates.py" line="53"/>
        <source>Back to the form</source>
        <translation>Volver al formulario</translation>
    </message>
</context>
<context>
    <name>EnrollDialog</name>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="63"/>
        <source>Connect to the sync server</source>
        <translation>Conectar con el servidor de sincronización</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="67"/>
        <source>Type the sync server&apos;s address and the one-time code the administrator gave you. The data on this laptop is kept.</source>
        <translation>Escriba la dirección del servidor de sincronización y el código de un solo uso que le dio el administrador. Los datos de este equipo se conservan.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="84"/>
        <source>Server address</source>
        <translation>Dirección del servidor</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="88"/>
        <location filename="../../src/popup/ui/sync/widgets.py" line="157"/>
        <source>Scan with camera (F9)</source>
        <extracomment>Opens the camera to read the console&apos;s QR code (F9 too); closes it while it is on.</extracomment>
        <translation>Escanear con la cámara (F9)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="91"/>
        <source>Read the enrollment code&apos;s QR code with this laptop&apos;s camera</source>
        <translation>Leer con la cámara de este equipo el código QR del código de registro</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="98"/>
        <source>Enrollment code</source>
        <translation>Código de registro</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="109"/>
        <source>Name of this laptop</source>
        <translation>Nombre de este equipo</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="118"/>
        <source>Enroll</source>
        <translation>Registrar</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="146"/>
        <source>Close camera (F9)</source>
        <translation>Cerrar la cámara (F9)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="149"/>
        <source>Hold the QR code the administrator gave you up to the camera. F9 or Esc closes the camera.</source>
        <translation>Muestre a la cámara el código QR que le dio el administrador. F9 o Esc cierran la cámara.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="187"/>
        <source>No camera found. Plug in a camera, or type the code (a hand scanner can type it too).</source>
        <translation>No se encontró ninguna cámara. Conecte una, o escriba el código (un lector de mano también puede escribirlo).</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="202"/>
        <source>Code read from the camera. Press Enter to enroll.</source>
        <translation>Código leído con la cámara. Pulse Intro para registrar el equipo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="206"/>
        <source>That QR code is a library card, not an enrollment code. Scan the QR code the administrator gave you.</source>
        <translation>Ese código QR es una tarjeta de biblioteca, no un código de registro. Escanee el código QR que le dio el administrador.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="214"/>
        <source>That QR code is not an enrollment code (it reads “{0}”). Scan the QR code the administrator gave you.</source>
        <translation>Ese código QR no es un código de registro (dice “{0}”). Escanee el código QR que le dio el administrador.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="237"/>
        <source>Type the server address, e.g. https://sync.example.org</source>
        <translation>Escriba la dirección del servidor, p. ej., https://sync.example.org</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="240"/>
        <source>Type the enrollment code from the administrator.</source>
        <translation>Escriba el código de registro que le dio el administrador.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="243"/>
        <source>Contacting {0}…</source>
        <translation>Conectando con {0}…</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="252"/>
        <source>Enrollment failed unexpectedly ({0}).</source>
        <translation>El registro falló inesperadamente ({0}).</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="271"/>
        <source>Enrolled.</source>
        <translation>Equipo registrado.</translation>
    </message>
</context>
<context>
    <name>EventsPage</name>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="105"/>
        <location filename="../../src/popup/ui/events/page.py" line="121"/>
        <source>Stop</source>
        <extracomment>Reloading for a store change: keep the banner and a pending band choice.</extracomment>
        <translation>Parada</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="113"/>
        <location filename="../../src/popup/ui/events/page.py" line="122"/>
        <source>Event</source>
        <translation>Actividad</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="143"/>
        <source>Total attendance</source>
        <translation>Asistencia total</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="180"/>
        <source>Library card</source>
        <translation>Tarjeta de biblioteca</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="182"/>
        <source>Library card scan</source>
        <translation>Lectura de la tarjeta de biblioteca</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="183"/>
        <source>Scan a library card (QR or barcode)</source>
        <translation>Escanee la tarjeta (QR o código)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="203"/>
        <source>Don&apos;t count</source>
        <translation>No contar</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="76"/>
        <location filename="../../src/popup/ui/events/registrations.py" line="87"/>
        <source>Registration list</source>
        <translation>Lista de inscripción</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="100"/>
        <source>Check in</source>
        <translation>Marcar presente</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="102"/>
        <source>Cancel registration</source>
        <translation>Anular inscripción</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="113"/>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="115"/>
        <source>Name to register</source>
        <translation>Nombre de la persona a inscribir</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="119"/>
        <source>Card (optional)</source>
        <translation>Tarjeta (opcional)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="122"/>
        <source>Card of the person to register</source>
        <translation>Tarjeta de la persona a inscribir</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="125"/>
        <source>Age band?</source>
        <translation>¿Edad?</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="128"/>
        <source>Add</source>
        <translation>Agregar</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="344"/>
        <source>No stop</source>
        <translation>Sin parada</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="348"/>
        <source>No events at this stop yet.
Press “New event…” to start counting.</source>
        <translation>Aún no hay actividades en esta parada.
Pulse “Nueva actividad…” para empezar a contar.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="350"/>
        <source>No stops on this laptop yet.
Press “New stop…” to add one.</source>
        <translation>Aún no hay paradas en este equipo.
Pulse “Nueva parada…” para agregar una.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="355"/>
        <source>ages {0}</source>
        <translation>{0} años</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="357"/>
        <source>all ages</source>
        <translation>todas las edades</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="372"/>
        <source>Total {0}</source>
        <translation>Total {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="374"/>
        <source>({0} by card)</source>
        <translation>({0} con tarjeta)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="39"/>
        <source>{0} registered</source>
        <translation>Inscritos: {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="41"/>
        <source>{0} of {1} places taken</source>
        <translation>Cupos ocupados: {0} de {1}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="45"/>
        <source>({0} over)</source>
        <translation>({0} de más)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="48"/>
        <source>{0} checked in</source>
        <translation>Presentes: {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="50"/>
        <source>{0} on the waitlist</source>
        <translation>En lista de espera: {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="110"/>
        <source>New stop… (Ctrl+Shift+N)</source>
        <translation>Nueva parada… (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="116"/>
        <source>New event… (Ctrl+N)</source>
        <translation>Nueva actividad… (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="433"/>
        <source>Stop “{0}” added.</source>
        <translation>Parada “{0}” agregada.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="453"/>
        <source>Choose or add a stop first.</source>
        <translation>Elija o agregue primero una parada.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="464"/>
        <source>“{0}” is ready: count with the + buttons.</source>
        <translation>“{0}” está lista: cuente con los botones +.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="502"/>
        <source>+1 ages {0} — now {1}</source>
        <translation>+1 {0} años — ahora {1}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="505"/>
        <source>−1 ages {0} — now {1}</source>
        <translation>−1 {0} años — ahora {1}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="512"/>
        <source>Choose an event before scanning cards.</source>
        <translation>Elija una actividad antes de escanear tarjetas.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="543"/>
        <source>{0}: choose the age band to count them in.</source>
        <translation>{0}: elija un grupo de edad para el conteo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="547"/>
        <source>Which age band? Pick one above.</source>
        <translation>¿Qué grupo de edad? Elija uno arriba.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="553"/>
        <source>Checked in and counted.</source>
        <translation>Marcado presente y contado.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="564"/>
        <source>Card …{0}</source>
        <translation>Tarjeta …{0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="570"/>
        <source>Already counted: {0} (ages {1}). Nothing added.</source>
        <translation>Ya se contó: {0} ({1} años). No se sumó nada.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="574"/>
        <source>{0} checked in — ages {1}</source>
        <translation>{0}: presente — {1} años</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="576"/>
        <source>(was on the waitlist: over capacity)</source>
        <translation>(estaba en lista de espera: supera el cupo)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="578"/>
        <source>{0} counted — ages {1}</source>
        <translation>{0}: contado — {1} años</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="593"/>
        <source>Not counted.</source>
        <translation>No se contó.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="602"/>
        <location filename="../../src/popup/ui/events/page.py" line="612"/>
        <source>Select a name in the list first.</source>
        <translation>Seleccione primero un nombre de la lista.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="619"/>
        <source>{0}&apos;s registration cancelled.</source>
        <translation>Inscripción de {0} anulada.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="622"/>
        <source>Moved up from the waitlist: {0}.</source>
        <translation>Sale de la lista de espera: {0}.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="641"/>
        <source>{0} is on the waitlist (the event is full).</source>
        <translation>{0} quedó en lista de espera (la actividad está llena).</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="644"/>
        <source>{0} registered.</source>
        <translation>{0}: inscripción hecha.</translation>
    </message>
</context>
<context>
    <name>FittedTable</name>
    <message>
        <location filename="../../src/popup/ui/desk/tables.py" line="122"/>
        <source>{0}: {1}</source>
        <extracomment>Below this part of the width for the wrapping columns, a title would wrap a word a line: the fold column moves under another one instead. A value that says nothing worth a second line (a count of 0): not shown when folded, so the row stays one line high and a netbook shows more rows.</extracomment>
        <translation>{0}: {1}</translation>
    </message>
</context>
<context>
    <name>InHousePage</name>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="41"/>
        <source>Item used in the library (F6)</source>
        <translation>Ejemplar usado en sala (F6)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="42"/>
        <source>In-house use item barcode</source>
        <translation>Código de barras del ejemplar usado en sala</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="43"/>
        <source>Scan items left on tables and chairs</source>
        <translation>Escanee los ejemplares dejados en mesas y sillas</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="44"/>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="44"/>
        <source>Barcode</source>
        <translation>Código de barras</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="44"/>
        <source>Uses</source>
        <translation>Usos</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="44"/>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="45"/>
        <source>Items counted</source>
        <translation>Ejemplares contados</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="51"/>
        <source>In-house uses counted</source>
        <translation>Usos en sala contados</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="130"/>
        <source>{0} · was overdue</source>
        <translation>{0} · estaba vencido</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="132"/>
        <source>Returned from {0} and counted: {1}. {2}</source>
        <translation>Devuelto por {0} y contado: {1}. {2}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="47"/>
        <source>Undo last scan (Ctrl+Z)</source>
        <translation>Deshacer (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="47"/>
        <source>Undo last scan</source>
        <translation>Deshacer el último escaneo</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="48"/>
        <source>Clear list (F12)</source>
        <translation>Vaciar lista (F12)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="48"/>
        <source>Clear list</source>
        <translation>Vaciar la lista</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="65"/>
        <source>That is a patron card, not an item. Scan the item&apos;s barcode.</source>
        <translation>Eso es una tarjeta de usuario, no un ejemplar. Escanee el código de barras del ejemplar.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/in_house.py" line="73"/>
        <source>Uses counted: %n</source>
        <translation>
            <numerusform>Usos contados: %n</numerusform>
            <numerusform>Usos contados: %n</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="84"/>
        <source>{0} is on loan: answer the question.</source>
        <translation>{0} está prestado: responda a la pregunta.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="87"/>
        <source>On loan to {0}, card ending {1}, due {2}. Return it and count the use?</source>
        <translation>Prestado a {0}, tarjeta terminada en {1}, vence el {2}. ¿Devolverlo y contar el uso?</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="90"/>
        <source>{0} is on loan</source>
        <translation>{0} está prestado</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="92"/>
        <source>Return and count (Enter)</source>
        <translation>Devolver y contar (Intro)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="92"/>
        <source>Return and count</source>
        <translation>Devolver y contar</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="115"/>
        <source>Not counted, not returned.</source>
        <translation>No se contó ni se devolvió.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="124"/>
        <source>Counted: {0}</source>
        <translation>Contado: {0}</translation>
    </message>
</context>
<context>
    <name>InboxPage</name>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="308"/>
        <source>Show done</source>
        <extracomment>Pixels kept beyond the measured text, so a grid line or rounding never cuts a letter.</extracomment>
        <translation>Mostrar resueltos</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="310"/>
        <source>Mark done</source>
        <translation>Marcar como resuelto</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="344"/>
        <source>{0} to review</source>
        <extracomment>A &quot;Mark done&quot; the store could not save (hidden otherwise). The selected entry&apos;s code and the server&apos;s own words.</extracomment>
        <translation>{0} por revisar</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="346"/>
        <source>Nothing to review: the server accepted everything as it was.</source>
        <translation>Nada por revisar: el servidor aceptó todo tal cual.</translation>
    </message>
</context>
<context>
    <name>InteropActions</name>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="130"/>
        <source>Import &amp;MARC…</source>
        <extracomment>The MARC import&apos;s progress dialog while it runs. File jobs started and not finished (they run one after another on the io lane). While a job&apos;s result is handled: (who started it,), see :meth:`_start`.</extracomment>
        <translation>Importar &amp;MARC…</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="132"/>
        <source>Import &amp;patrons (CSV)…</source>
        <translation>Importar &amp;usuarios (CSV)…</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="135"/>
        <source>E&amp;xport patrons (CSV)…</source>
        <translation>E&amp;xportar usuarios (CSV)…</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="137"/>
        <source>Export &amp;KOC…</source>
        <translation>Exportar &amp;KOC…</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="139"/>
        <source>Export &amp;Evergreen offline file…</source>
        <translation>Exportar archivo sin conexión de &amp;Evergreen…</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="142"/>
        <source>Load the collection from a MARC21 file exported by Koha, Evergreen or others</source>
        <translation>Cargar la colección desde un archivo MARC21 exportado de Koha, Evergreen u otros</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="145"/>
        <source>Write this stop&apos;s circulation for Koha&apos;s offline circulation upload</source>
        <translation>Guardar la circulación de esta parada para la carga de circulación sin conexión de Koha</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="148"/>
        <source>Write this stop&apos;s circulation as Evergreen&apos;s pending.xacts</source>
        <translation>Guardar la circulación de esta parada como pending.xacts de Evergreen</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="195"/>
        <location filename="../../src/popup/ui/interop_actions.py" line="204"/>
        <location filename="../../src/popup/ui/interop_actions.py" line="282"/>
        <location filename="../../src/popup/ui/interop_actions.py" line="285"/>
        <source>Import MARC</source>
        <translation>Importar MARC</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="197"/>
        <source>MARC files (*.mrc *.marc *.dat *.xml);;All files (*)</source>
        <translation>Archivos MARC (*.mrc *.marc *.dat *.xml);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="201"/>
        <source>952 (Koha items)</source>
        <translation>952 (ejemplares de Koha)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="201"/>
        <source>852 (MARC holdings)</source>
        <translation>852 (existencias MARC)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="205"/>
        <source>Which field holds the item barcodes?</source>
        <translation>¿Qué campo tiene los códigos de barras de los ejemplares?</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="220"/>
        <location filename="../../src/popup/ui/interop_actions.py" line="418"/>
        <source>Import patrons</source>
        <translation>Importar usuarios</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="222"/>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>Archivos CSV (*.csv *.txt);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="229"/>
        <location filename="../../src/popup/ui/interop_actions.py" line="434"/>
        <source>Export patrons</source>
        <translation>Exportar usuarios</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="229"/>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="236"/>
        <location filename="../../src/popup/ui/interop_actions.py" line="448"/>
        <source>Export KOC</source>
        <translation>Exportar KOC</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="238"/>
        <source>Koha offline files (*.koc)</source>
        <translation>Archivos sin conexión de Koha (*.koc)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="245"/>
        <location filename="../../src/popup/ui/interop_actions.py" line="453"/>
        <source>Export Evergreen offline file</source>
        <translation>Exportar archivo sin conexión de Evergreen</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="247"/>
        <source>Evergreen offline files (*.xacts);;All files (*)</source>
        <translation>Archivos sin conexión de Evergreen (*.xacts);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="282"/>
        <source>A MARC import is already running.</source>
        <translation>Ya hay una importación MARC en curso.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="287"/>
        <source>Reading {0}…</source>
        <translation>Leyendo {0}…</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="287"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="300"/>
        <source>Reading {0}: {1} records</source>
        <translation>Leyendo {0}: {1} registros</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="317"/>
        <source>{0}: {1} in {2:.1f} s.</source>
        <translation>{0}: {1} en {2:.1f} s.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="345"/>
        <source>The import stopped unexpectedly ({0}).</source>
        <translation>La importación se detuvo inesperadamente ({0}).</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="421"/>
        <source>{0}: {1}.</source>
        <translation>{0}: {1}.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="423"/>
        <source>Columns not used: {0}.</source>
        <translation>Columnas no usadas: {0}.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="437"/>
        <source>{0} patrons written to {1}.</source>
        <translation>Usuarios guardados en {1}: {0}.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="460"/>
        <source>{0} actions written to {1}.</source>
        <translation>Acciones guardadas en {1}: {0}.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="463"/>
        <source>Nothing new to export since the last export; {0} is empty.</source>
        <translation>Nada nuevo que exportar desde la última exportación; {0} está vacío.</translation>
    </message>
</context>
<context>
    <name>LoansModel</name>
    <message>
        <location filename="../../src/popup/ui/desk/models.py" line="151"/>
        <source>Title</source>
        <extracomment>Row background tints (light versions of the outcome colours, so black text stays readable).</extracomment>
        <translation>Título</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/models.py" line="151"/>
        <source>Due</source>
        <translation>Vence</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/models.py" line="151"/>
        <source>Renewed</source>
        <translation>Renovado</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/models.py" line="170"/>
        <source>{0} (overdue)</source>
        <translation>{0} (vencido)</translation>
    </message>
</context>
<context>
    <name>LookupDialog</name>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="84"/>
        <source>Patron&apos;s name</source>
        <translation>Nombre del usuario</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="85"/>
        <source>e.g. garc mar</source>
        <translation>p. ej., garc mar</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="89"/>
        <source>Date of birth (optional)</source>
        <translation>Fecha de nacimiento (opcional)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="90"/>
        <source>optional: narrows the list</source>
        <translation>opcional: acota la lista</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="92"/>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="94"/>
        <source>&amp;Date of birth:</source>
        <translation>&amp;Fecha de nacimiento:</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="104"/>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="104"/>
        <source>Category</source>
        <translation>Categoría</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="104"/>
        <source>Card</source>
        <translation>Tarjeta</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="106"/>
        <source>Patrons found</source>
        <translation>Usuarios encontrados</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="119"/>
        <source>Type at least two letters of the patron&apos;s name.</source>
        <translation>Escriba al menos dos letras del nombre del usuario.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="124"/>
        <source>↓ moves to the list, ↑ ↓ choose, Enter takes the patron, Esc cancels.</source>
        <translation>↓ pasa a la lista, ↑ ↓ eligen, Intro atiende al usuario, Esc cancela.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="130"/>
        <source>Cancel (Esc)</source>
        <translation>Cancelar (Esc)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="130"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="176"/>
        <source>card ending {0}</source>
        <translation>tarjeta terminada en {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="182"/>
        <source>More than {0} patrons match: type more of the name.</source>
        <translation>Coinciden más de {0} usuarios: escriba más letras del nombre.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/cards.py" line="188"/>
        <source>Patrons found: %n.</source>
        <translation>
            <numerusform>Usuarios encontrados: %n.</numerusform>
            <numerusform>Usuarios encontrados: %n.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="190"/>
        <source>Nobody on this laptop has that name.</source>
        <translation>Nadie en este equipo tiene ese nombre.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="473"/>
        <location filename="../../src/popup/ui/interop_actions.py" line="478"/>
        <location filename="../../src/popup/ui/main_window.py" line="282"/>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="433"/>
        <source>Popup — {0}</source>
        <translation>Popup — {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="262"/>
        <source>Sync status</source>
        <extracomment>Base point size for the whole window: readable at arm&apos;s length on a 1366x768 laptop. The smallest window every page fits without cutting a text or a button: a 1024x600 netbook or tablet less a title bar and a panel (tests/popup/ui/test_fit.py holds it to that). The most the sidebar&apos;s buttons ask for: what a 540-pixel window leaves beside the header. More pages than fit scroll there. What waits for the first paint starts this long after the window is shown, painted or not. The widest the signed-in person&apos;s name goes in the header (longer: shortened with &quot;…&quot;). The size the window opens at when it is not maximized (the screens are laid out for it). What the stack shows: the page in a scroll area, so a tall page (the sign-up form, the report) scrolls on a short screen instead of pushing the window past its edge. The page, once built (when first shown or asked for). Its Mode-menu entry and shortcut. Set by :meth:`attach`: the application context and its store, desk and sounds. What start-up leaves until the desk is on screen (see :meth:`_after_first_paint`). Shortcut actions and what the signed-in person must be allowed to do for them to work (None: anyone signed in). Nothing works while the window is locked. The pages (with the sidebar), or the sign-in screen while nobody is signed in.</extracomment>
        <translation>Estado de la sincronización</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="266"/>
        <source>Opening the store…</source>
        <translation>Abriendo el almacén de datos…</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="280"/>
        <source>Signed in</source>
        <translation>Sesión iniciada</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="283"/>
        <source>&amp;Edit</source>
        <translation>&amp;Edición</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="284"/>
        <source>&amp;Mode</source>
        <translation>&amp;Modo</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="285"/>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="90"/>
        <source>Checkout</source>
        <translation>Préstamo</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="35"/>
        <source>Return</source>
        <translation>Devolución</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="36"/>
        <source>In-house use</source>
        <translation>Uso en sala</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="408"/>
        <source>Library and branch</source>
        <translation>Biblioteca y sucursal</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="419"/>
        <source>Today&apos;s stop</source>
        <translation>Parada de hoy</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="422"/>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="434"/>
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="439"/>
        <source>No stop scheduled</source>
        <translation>Ninguna parada programada</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="447"/>
        <source>Today: {0}</source>
        <translation>Hoy: {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="515"/>
        <source>Shortcut {0}</source>
        <translation>Atajo {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="660"/>
        <source>Finish the open prompt first; that scan was not used.</source>
        <translation>Primero termine con la ventana abierta; ese escaneo no se usó.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="691"/>
        <source>Undo last scan</source>
        <translation>Deshacer el último escaneo</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="692"/>
        <source>Patron card field</source>
        <translation>Campo de la tarjeta del usuario</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="693"/>
        <source>Item field</source>
        <translation>Campo del ejemplar</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="694"/>
        <source>Show due-date slip</source>
        <translation>Mostrar el recibo de préstamo</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="695"/>
        <source>Print slip or list</source>
        <translation>Imprimir recibo o lista</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="696"/>
        <source>Camera</source>
        <translation>Cámara</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="697"/>
        <source>Done: next patron / clear list</source>
        <translation>Listo: siguiente usuario / vaciar lista</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="699"/>
        <source>Renew selected loan</source>
        <translation>Renovar el préstamo seleccionado</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="701"/>
        <source>Renew all loans</source>
        <translation>Renovar todos los préstamos</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="703"/>
        <source>Find a patron by name</source>
        <translation>Buscar un usuario por nombre</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="709"/>
        <source>Replace a lost card</source>
        <translation>Reponer una tarjeta perdida</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="715"/>
        <source>Renew a card</source>
        <translation>Renovar una tarjeta</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="720"/>
        <source>Payment or waiver</source>
        <translation>Pago o condonación</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="723"/>
        <source>Lock / switch user</source>
        <translation>Bloquear / cambiar de usuario</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="852"/>
        <source>Locked</source>
        <translation>Bloqueado</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="854"/>
        <location filename="../../src/popup/ui/main_window.py" line="872"/>
        <source>{0} · volunteer</source>
        <translation>{0} · voluntario</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="855"/>
        <location filename="../../src/popup/ui/main_window.py" line="874"/>
        <source>{0} · staff</source>
        <translation>{0} · personal</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="896"/>
        <source>Locked: the screen was cleared.</source>
        <translation>Bloqueado: se borró la pantalla.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="921"/>
        <source>Locked after a while without activity. Sign in again.</source>
        <translation>Bloqueado tras un rato sin actividad. Vuelva a iniciar sesión.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="930"/>
        <source>Locked while the laptop was asleep. Sign in again.</source>
        <translation>Bloqueado mientras el portátil estaba en suspensión. Vuelva a iniciar sesión.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="934"/>
        <source>Signed out. The next person signs in here.</source>
        <translation>Sesión cerrada. La siguiente persona inicia sesión aquí.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="1016"/>
        <source>Offline, {0} waiting to upload</source>
        <translation>Sin conexión, {0} por subir</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="1018"/>
        <source>Offline, nothing waiting to upload</source>
        <translation>Sin conexión, nada por subir</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="38"/>
        <source>Pick list</source>
        <translation>Reservas</translation>
    </message>
</context>
<context>
    <name>NewCardDialog</name>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="226"/>
        <source>New card for a lost one</source>
        <translation>Reposición de tarjeta perdida</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="229"/>
        <source>Card ending {0} is blocked as lost from now on.</source>
        <translation>La tarjeta terminada en {0} queda bloqueada por pérdida.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="241"/>
        <source>New card ready:</source>
        <translation>Tarjeta nueva lista:</translation>
    </message>
</context>
<context>
    <name>NewEventDialog</name>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="150"/>
        <source>Story time</source>
        <extracomment>Offered in the type box, shown translated; a listed type is stored by this English name (:func:`event_type_text` shows a stored one in the UI language).</extracomment>
        <translation>Hora del cuento</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="151"/>
        <source>STEM workshop</source>
        <translation>Taller STEM</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="152"/>
        <source>Craft</source>
        <translation>Manualidades</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="153"/>
        <source>Card drive</source>
        <translation>Campaña de inscripción</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="154"/>
        <source>Book club</source>
        <translation>Club de lectura</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="155"/>
        <source>Outreach visit</source>
        <translation>Visita comunitaria</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="156"/>
        <source>Class visit</source>
        <translation>Visita escolar</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="157"/>
        <source>Other</source>
        <translation>Otra</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="178"/>
        <source>New event</source>
        <translation>Nueva actividad</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="180"/>
        <source>e.g. Saturday story time</source>
        <translation>p. ej., Hora del cuento del sábado</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="186"/>
        <source>All ages (general interest)</source>
        <translation>Todas las edades (interés general)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="188"/>
        <source>Ages {0}</source>
        <translation>{0} años</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="192"/>
        <source>On-site (at the bookmobile / library)</source>
        <translation>En sede (bibliobús / biblioteca)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="193"/>
        <source>Off-site (school, centre, park…)</source>
        <translation>Fuera de sede (escuela, centro, parque…)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="197"/>
        <source>Keep a registration list</source>
        <translation>Llevar lista de inscripción</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="200"/>
        <source>No limit</source>
        <translation>Sin límite</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="203"/>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="204"/>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="205"/>
        <source>Audience</source>
        <translation>Público</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="206"/>
        <source>Where</source>
        <translation>Dónde</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="208"/>
        <source>Places</source>
        <translation>Cupos</translation>
    </message>
</context>
<context>
    <name>NewStopDialog</name>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="104"/>
        <source>New stop</source>
        <extracomment>The refusal key&apos;s field (``EMPTY.title`` -&gt; ``title``) and the widget to fix it in.</extracomment>
        <translation>Nueva parada</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="108"/>
        <source>e.g. Riverside Park</source>
        <translation>p. ej., Parque Riverside</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="110"/>
        <source>e.g. By the playground</source>
        <translation>p. ej., Junto a los juegos infantiles</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="111"/>
        <source>Set start and end times (today)</source>
        <translation>Fijar hora de inicio y de fin (hoy)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="119"/>
        <source>Stop name</source>
        <translation>Nombre de la parada</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="120"/>
        <source>Place</source>
        <translation>Lugar</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="122"/>
        <source>Starts</source>
        <translation>Empieza</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="123"/>
        <source>Ends</source>
        <translation>Termina</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="75"/>
        <source>&amp;Reason for the override (required):</source>
        <translation>&amp;Motivo de la autorización (obligatorio):</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="78"/>
        <source>Override reason</source>
        <translation>Motivo de la autorización</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="79"/>
        <source>e.g. the patron&apos;s ID was checked; card at home</source>
        <translation>p. ej., se verificó su identificación; tarjeta en casa</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="97"/>
        <source>Cancel (Esc)</source>
        <translation>Cancelar (Esc)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="97"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="99"/>
        <source>&amp;Override (Ctrl+Enter)</source>
        <translation>&amp;Autorizar (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="99"/>
        <source>Override</source>
        <translation>Autorizar</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="107"/>
        <source>&amp;Renew it (Enter)</source>
        <translation>&amp;Renovarlo (Intro)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="107"/>
        <source>Renew the loan instead</source>
        <translation>Renovar el préstamo en su lugar</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="116"/>
        <source>Renew the card (Ctrl+Shift+E)</source>
        <translation>Renovar la tarjeta (Ctrl+Shift+E)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="116"/>
        <source>Renew the card</source>
        <translation>Renovar la tarjeta</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="125"/>
        <source>Take &amp;payment (Ctrl+M)</source>
        <translation>Cobrar un &amp;pago (Ctrl+M)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="125"/>
        <source>Take a payment instead</source>
        <translation>Cobrar un pago en su lugar</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../../src/popup/ui/store_key.py" line="48"/>
        <source>Popup: the store&apos;s passphrase</source>
        <extracomment>Wrong passphrases allowed at one start before Popup quits (start it again to retry).</extracomment>
        <translation>Popup: la frase de paso del almacén</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/store_key.py" line="55"/>
        <source>Choose the passphrase that locks this laptop&apos;s store. It is asked at every start; without it nobody, not even the administrator, can read the store. At least %n character(s).</source>
        <translation>
            <numerusform>Elija la frase de paso que protege el almacén de este equipo. Se pide en cada inicio; sin ella nadie, ni siquiera el administrador, puede leer el almacén. Al menos %n carácter.</numerusform>
            <numerusform>Elija la frase de paso que protege el almacén de este equipo. Se pide en cada inicio; sin ella nadie, ni siquiera el administrador, puede leer el almacén. Al menos %n caracteres.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/store_key.py" line="62"/>
        <source>Type the passphrase of this laptop&apos;s store.</source>
        <translation>Escriba la frase de paso del almacén de este equipo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/store_key.py" line="68"/>
        <source>Passphrase</source>
        <translation>Frase de paso</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/store_key.py" line="72"/>
        <location filename="../../src/popup/ui/store_key.py" line="73"/>
        <source>The same passphrase again</source>
        <translation>La misma frase de paso otra vez</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/store_key.py" line="96"/>
        <source>Choose a passphrase of at least %n character(s).</source>
        <translation>
            <numerusform>Elija una frase de paso de al menos %n carácter.</numerusform>
            <numerusform>Elija una frase de paso de al menos %n caracteres.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/store_key.py" line="101"/>
        <source>The two passphrases differ: type the same one twice.</source>
        <translation>Las dos frases de paso no coinciden: escriba la misma dos veces.</translation>
    </message>
</context>
<context>
    <name>PatronPanel</name>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="77"/>
        <source>Patron</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="82"/>
        <source>Scan a patron&apos;s card (or press F9 for the camera) to start a checkout.</source>
        <translation>Escanee la tarjeta del usuario (o pulse F9 para usar la cámara) para empezar un préstamo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="99"/>
        <source>Patron name</source>
        <translation>Nombre del usuario</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="104"/>
        <source>Category and card expiry</source>
        <translation>Categoría y vencimiento de la tarjeta</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="107"/>
        <source>Fines balance</source>
        <translation>Saldo de multas</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="113"/>
        <source>Holds ready for pickup</source>
        <extracomment>&quot;2 holds ready for pickup&quot; and their titles (hidden when there are none).</extracomment>
        <translation>Reservas listas para retirar</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="136"/>
        <source>Current loans</source>
        <translation>Préstamos actuales</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="138"/>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="140"/>
        <source>Arrow keys choose a loan; Enter renews it.</source>
        <translation>Las flechas eligen un préstamo; Intro lo renueva.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="150"/>
        <source>Renew selected
(Ctrl+R)</source>
        <translation>Renovar uno
(Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="150"/>
        <source>Renew selected loan</source>
        <translation>Renovar el préstamo seleccionado</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="153"/>
        <source>Renew all loans</source>
        <translation>Renovar todos los préstamos</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="153"/>
        <source>Renew all
(Ctrl+Shift+R)</source>
        <translation>Renovar todo
(Ctrl+Shift+R)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="190"/>
        <source> · temporary card</source>
        <extracomment>Takes the loans list&apos;s room in the limited view, so the name, the count and &quot;Please ask staff&quot; stay together at the top (no room at all otherwise). Showing a volunteer&apos;s limited view (no loans, no fines).</extracomment>
        <translation> · tarjeta temporal</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="192"/>
        <source>{0} · card expires {1}{2}</source>
        <translation>{0} · tarjeta vence el {1}{2}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="205"/>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="251"/>
        <source>%n item(s) out</source>
        <translation>
            <numerusform>%n documento prestado</numerusform>
            <numerusform>%n documentos prestados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="231"/>
        <source>%n hold(s) ready for pickup</source>
        <translation>
            <numerusform>%n reserva lista para retirar</numerusform>
            <numerusform>%n reservas listas para retirar</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="241"/>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="255"/>
        <source>Current loans: %n</source>
        <translation>
            <numerusform>Préstamos: %n</numerusform>
            <numerusform>Préstamos: %n</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="269"/>
        <source>Please ask staff</source>
        <translation>Pida ayuda al personal</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="289"/>
        <source>✓ No blocks</source>
        <translation>✓ Sin bloqueos</translation>
    </message>
</context>
<context>
    <name>PickListPage</name>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="45"/>
        <source>Holds to deliver at:</source>
        <translation>Reservas a entregar en:</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="47"/>
        <source>Stop</source>
        <translation>Parada</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="58"/>
        <location filename="../../src/popup/ui/holds/page.py" line="166"/>
        <source>Call number</source>
        <translation>Signatura</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="59"/>
        <location filename="../../src/popup/ui/holds/page.py" line="167"/>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="60"/>
        <location filename="../../src/popup/ui/holds/page.py" line="168"/>
        <source>For</source>
        <translation>Para</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="61"/>
        <location filename="../../src/popup/ui/holds/page.py" line="169"/>
        <source>Keep until</source>
        <translation>Guardar hasta</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="62"/>
        <source>On board</source>
        <translation>A bordo</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="67"/>
        <source>Holds to deliver</source>
        <translation>Reservas a entregar</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="72"/>
        <source>Print pick list (Ctrl+P)</source>
        <translation>Imprimir lista (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="72"/>
        <source>Print pick list</source>
        <translation>Imprimir la lista de reservas a entregar</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="121"/>
        <source>Every stop</source>
        <translation>Todas las paradas</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="140"/>
        <source>{0} (card …{1})</source>
        <translation>{0} (tarjeta …{1})</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="141"/>
        <source>on board</source>
        <translation>a bordo</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="141"/>
        <source>NOT ON BOARD</source>
        <translation>NO ESTÁ A BORDO</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/holds/page.py" line="152"/>
        <source>%n hold(s) to deliver</source>
        <translation>
            <numerusform>%n reserva a entregar</numerusform>
            <numerusform>%n reservas a entregar</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/holds/page.py" line="154"/>
        <location filename="../../src/popup/ui/holds/page.py" line="188"/>
        <source>%n not on board yet</source>
        <translation>
            <numerusform>%n aún no está a bordo</numerusform>
            <numerusform>%n aún no están a bordo</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="160"/>
        <source>Pick list: {0}</source>
        <translation>Lista de reservas a entregar: {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="199"/>
        <source>No holds to deliver at this stop: nothing to print.</source>
        <translation>No hay reservas que entregar en esta parada: nada que imprimir.</translation>
    </message>
</context>
<context>
    <name>ResultDialog</name>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="80"/>
        <source>Problems, one per line</source>
        <translation>Problemas, uno por línea</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="85"/>
        <source>Copy list</source>
        <translation>Copiar lista</translation>
    </message>
</context>
<context>
    <name>ReturnPage</name>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="40"/>
        <source>Returned item barcode (F6)</source>
        <translation>Ejemplar devuelto (F6)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="41"/>
        <source>Returned item barcode</source>
        <translation>Código de barras del ejemplar devuelto</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="42"/>
        <source>Scan returned items one after another</source>
        <translation>Escanee los ejemplares devueltos uno tras otro</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="44"/>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="45"/>
        <source>Barcode</source>
        <translation>Código de barras</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="46"/>
        <source>Had it</source>
        <translation>Lo tenía</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="47"/>
        <source>What to do</source>
        <translation>Qué hacer</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="49"/>
        <source>Items returned</source>
        <translation>Ejemplares devueltos</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="51"/>
        <source>Undo last scan (Ctrl+Z)</source>
        <translation>Deshacer (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="51"/>
        <source>Undo last scan</source>
        <translation>Deshacer el último escaneo</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="52"/>
        <source>Clear list (F12)</source>
        <translation>Vaciar lista (F12)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="52"/>
        <source>Clear the returned list</source>
        <translation>Vaciar la lista de devueltos</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="59"/>
        <source>Print hold slip (Ctrl+P)</source>
        <extracomment>The last return set aside for a waiting patron: what Ctrl+P prints.</extracomment>
        <translation>Imprimir papeleta (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="59"/>
        <source>Print hold slip</source>
        <translation>Imprimir la papeleta de reserva</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="68"/>
        <source>That is a patron card, not an item. Scan the item&apos;s barcode.</source>
        <translation>Eso es una tarjeta de usuario, no un ejemplar. Escanee el código de barras del ejemplar.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/returns.py" line="71"/>
        <source>Returned in this list: %n</source>
        <translation>
            <numerusform>Devueltos en esta lista: %n</numerusform>
            <numerusform>Devueltos en esta lista: %n</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="83"/>
        <source>No hold slip to print: nothing was set aside.</source>
        <translation>No hay papeleta de reserva que imprimir: no se apartó nada.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="113"/>
        <source>HOLD for {0} (card …{1}), pick up at {2}: Ctrl+P prints the slip</source>
        <translation>RESERVA para {0} (tarjeta …{1}), retirar en {2}: Ctrl+P imprime la papeleta</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="122"/>
        <source>{0} (was not on loan)</source>
        <translation>{0} (no estaba prestado)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="126"/>
        <source>{0} · was overdue</source>
        <translation>{0} · estaba vencido</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="132"/>
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
</context>
<context>
    <name>ScanPage</name>
    <message>
        <location filename="../../src/popup/ui/desk/base.py" line="133"/>
        <source>Nothing to undo.</source>
        <extracomment>Actions recorded on this page since the last Done/clear: what Undo may take back.</extracomment>
        <translation>No hay nada que deshacer.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/base.py" line="140"/>
        <source>Nothing to undo in this list.</source>
        <translation>No hay nada que deshacer en esta lista.</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="36"/>
        <source>On loan, due {0}; on hold</source>
        <extracomment>The availability column&apos;s colour: green on the shelf, brown on hold (Enter asks), else slate.</extracomment>
        <translation>Prestado, vence el {0}; reservado</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="38"/>
        <source>On loan</source>
        <translation>Prestado</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="39"/>
        <source>On loan, due {0}</source>
        <translation>Prestado, vence el {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="41"/>
        <source>Not available ({0})</source>
        <translation>No disponible ({0})</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="45"/>
        <source>Belongs to {0}</source>
        <translation>Es de {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="48"/>
        <source>On hold (pickup {0})</source>
        <translation>Reservado (retiro en {0})</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="51"/>
        <source>On hold</source>
        <translation>Reservado</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="52"/>
        <source>On the shelf here</source>
        <translation>Aquí, en el estante</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="64"/>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="65"/>
        <source>Author</source>
        <translation>Autor</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="66"/>
        <source>Call number</source>
        <translation>Signatura</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="67"/>
        <source>Barcode</source>
        <translation>Código de barras</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="68"/>
        <source>Availability</source>
        <translation>Disponibilidad</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="99"/>
        <source>ISBN {0}</source>
        <translation>ISBN {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="90"/>
        <source>Find a book</source>
        <extracomment>The pause in typing after which the list follows the field.</extracomment>
        <translation>Buscar libro</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="104"/>
        <source>Find a book (Ctrl+F)</source>
        <translation>Buscar un libro (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="107"/>
        <source>Search the catalogue</source>
        <translation>Buscar en el catálogo</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="108"/>
        <source>Title, author, ISBN, call number or barcode</source>
        <translation>Título, autor, ISBN, signatura o código de barras</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="118"/>
        <source>Search result</source>
        <translation>Resultado de la búsqueda</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="124"/>
        <source>Copies found</source>
        <translation>Ejemplares encontrados</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="133"/>
        <source>Who a copy is lent to</source>
        <translation>A quién se presta el ejemplar</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="137"/>
        <source>Enter or ↓: the list · ↑ ↓ choose a copy · Esc: back to the search</source>
        <translation>Intro o ↓: la lista · ↑ ↓ eligen un ejemplar · Esc: volver a la búsqueda</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="145"/>
        <source>What just happened</source>
        <translation>Lo que acaba de pasar</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="289"/>
        <source>Nothing found for “{0}”. Try fewer or other words.</source>
        <translation>No se encontró nada para “{0}”. Pruebe menos palabras u otras.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="292"/>
        <source>The first {0} copies found: type another word to narrow the list.</source>
        <translation>Los primeros {0} ejemplares encontrados: escriba otra palabra para acotar la lista.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/search/page.py" line="294"/>
        <source>Copies found: %n.</source>
        <translation>
            <numerusform>Ejemplares encontrados: %n.</numerusform>
            <numerusform>Ejemplares encontrados: %n.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="299"/>
        <source>{0}: press Enter to lend it.</source>
        <translation>{0}: pulse Intro para prestarlo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="329"/>
        <source>Nobody is being served at Checkout: Enter on a copy does not lend it.</source>
        <translation>No se atiende a nadie en Préstamo: Intro sobre un ejemplar no lo presta.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="333"/>
        <source>Enter lends to {0} (card ending {1}), served at Checkout.</source>
        <translation>Intro presta a {0} (tarjeta terminada en {1}), a quien se atiende en Préstamo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="340"/>
        <source>Type or scan what you are looking for.</source>
        <translation>Escriba o escanee lo que busca.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="345"/>
        <source>{0} is on loan: it is not on the shelf.</source>
        <translation>{0} está prestado: no está en el estante.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="346"/>
        <source>{0} is on loan until {1}: it is not on the shelf.</source>
        <translation>{0} está prestado hasta el {1}: no está en el estante.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="351"/>
        <source>{0} belongs to {1}, not to this library. If it is in your hands, scan it at Checkout (F2).</source>
        <translation>{0} es de {1}, no de esta biblioteca. Si lo tiene en la mano, escanéelo en Préstamo (F2).</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="355"/>
        <source>{0} is marked {1} in the catalogue. If it is in your hands, scan it at Checkout (F2).</source>
        <translation>{0} figura como {1} en el catálogo. Si lo tiene en la mano, escanéelo en Préstamo (F2).</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="372"/>
        <source>Nobody is being served: press F2, scan the patron&apos;s card, then come back with Ctrl+F and press Enter on the copy.</source>
        <translation>No se atiende a nadie: pulse F2, escanee la tarjeta del usuario, vuelva con Ctrl+F y pulse Intro sobre el ejemplar.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="383"/>
        <source>Lent to {0}: {1} — due {2}. It is listed at Checkout (F2).</source>
        <translation>Prestado a {0}: {1} — vence el {2}. Figura en Préstamo (F2).</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="394"/>
        <source>Not lent yet: {0} needs a decision at Checkout.</source>
        <translation>Aún no prestado: {0} requiere una decisión en Préstamo.</translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="195"/>
        <location filename="../../src/popup/ui/staff/signin.py" line="220"/>
        <source>Sign in</source>
        <extracomment>How often the countdown after wrong PINs is redrawn. The store&apos;s staff (None until :meth:`attach`: the store is still opening). Enter was pressed in the PIN before the store was open: sign in once it is.</extracomment>
        <translation>Iniciar sesión</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="198"/>
        <source>Login or badge</source>
        <translation>Usuario o credencial</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="200"/>
        <location filename="../../src/popup/ui/staff/signin.py" line="298"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="201"/>
        <source>&amp;Login or badge:</source>
        <translation>&amp;Usuario o credencial:</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="203"/>
        <source>&amp;PIN:</source>
        <translation>&amp;PIN:</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="219"/>
        <source>Sign in (Enter)</source>
        <translation>Iniciar sesión (Intro)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="231"/>
        <source>Locked — ask a staff member to unlock it</source>
        <translation>Bloqueado: pida a un miembro del personal que lo desbloquee</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="235"/>
        <source>Staff member: type your own login and PIN here to unlock it.</source>
        <translation>Personal: escriba aquí su propio usuario y PIN para desbloquearlo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="243"/>
        <source>Staff login or badge</source>
        <translation>Usuario o credencial del personal</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="245"/>
        <source>Staff PIN</source>
        <translation>PIN del personal</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="246"/>
        <source>Your &amp;staff login:</source>
        <translation>Su &amp;usuario del personal:</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="248"/>
        <source>Your P&amp;IN:</source>
        <translation>Su P&amp;IN:</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="262"/>
        <source>Unlock (Enter)</source>
        <translation>Desbloquear (Intro)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="263"/>
        <source>Unlock</source>
        <translation>Desbloquear</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="283"/>
        <location filename="../../src/popup/ui/staff/signin.py" line="319"/>
        <source>Create the administrator</source>
        <translation>Crear el administrador</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="286"/>
        <source>This laptop has no staff yet. Create its administrator: the one who signs in until the library&apos;s staff are downloaded.</source>
        <translation>Este portátil aún no tiene personal. Cree su administrador: quien inicia sesión hasta que se descargue el personal de la biblioteca.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="296"/>
        <source>Login</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="297"/>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="299"/>
        <source>PIN again</source>
        <translation>PIN otra vez</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="301"/>
        <source>&amp;Login:</source>
        <translation>&amp;Usuario:</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="302"/>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="303"/>
        <source>&amp;PIN (4 to 12 digits):</source>
        <translation>&amp;PIN (de 4 a 12 dígitos):</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="304"/>
        <source>PIN &amp;again:</source>
        <translation>PIN &amp;otra vez:</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="318"/>
        <source>Create and sign in (Enter)</source>
        <translation>Crear e iniciar sesión (Intro)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="483"/>
        <source>Wait {0} s before the next try.</source>
        <translation>Espere {0} s antes del próximo intento.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="542"/>
        <source>Unlocked. Type the PIN again.</source>
        <translation>Desbloqueado. Escriba el PIN otra vez.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="554"/>
        <source>Type a login.</source>
        <translation>Escriba un usuario.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="556"/>
        <source>Type the administrator&apos;s name.</source>
        <translation>Escriba el nombre del administrador.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="558"/>
        <source>The two PINs differ: type the PIN twice.</source>
        <translation>Los dos PIN no coinciden: escriba el PIN dos veces.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="563"/>
        <source>A PIN is 4 to 12 digits.</source>
        <translation>El PIN tiene de 4 a 12 dígitos.</translation>
    </message>
</context>
<context>
    <name>SignupFormWidget</name>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="30"/>
        <source>English</source>
        <extracomment>Offered in the language box, shown in the UI language but stored in English (the library&apos;s records hold one spelling whoever typed them); staff may type any other.</extracomment>
        <translation>Inglés</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="31"/>
        <source>Spanish</source>
        <translation>Español</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="32"/>
        <source>French</source>
        <translation>Francés</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="33"/>
        <source>Chinese</source>
        <translation>Chino</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="34"/>
        <source>Vietnamese</source>
        <translation>Vietnamita</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="35"/>
        <source>Arabic</source>
        <translation>Árabe</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="36"/>
        <source>Tagalog</source>
        <translation>Tagalo</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="37"/>
        <source>Korean</source>
        <translation>Coreano</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="38"/>
        <source>Russian</source>
        <translation>Ruso</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="39"/>
        <source>Portuguese</source>
        <translation>Portugués</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="40"/>
        <source>Haitian Creole</source>
        <translation>Criollo haitiano</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="41"/>
        <source>Somali</source>
        <translation>Somalí</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="42"/>
        <source>Ukrainian</source>
        <translation>Ucraniano</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="256"/>
        <source>YYYY-MM-DD</source>
        <translation>AAAA-MM-DD</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="155"/>
        <source>if the guardian has a card</source>
        <extracomment>Set once on the form; fields are marked with the ``invalid`` property. (Clearing a widget&apos;s own style sheet would reset its font to the application default.) A style sheet stops the window&apos;s font from reaching the form, so it names the size itself (the main window&apos;s base size). The order dates are typed in (the UI language&apos;s); YYYY-MM-DD is always read too.</extracomment>
        <translation>si el tutor tiene tarjeta</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="161"/>
        <source>The patron has read and agrees to the library&apos;s privacy notice</source>
        <translation>El usuario leyó y acepta el aviso de privacidad de la biblioteca</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="169"/>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="170"/>
        <source>Date of birth</source>
        <translation>Fecha de nacimiento</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="171"/>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="174"/>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="174"/>
        <source> (or email)</source>
        <translation> (o correo)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="179"/>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="179"/>
        <source> (or phone)</source>
        <translation> (o teléfono)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="182"/>
        <source>Preferred language</source>
        <translation>Idioma preferido</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="183"/>
        <source>Guardian&apos;s name</source>
        <translation>Nombre del tutor</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="184"/>
        <source>Guardian&apos;s card</source>
        <translation>Tarjeta del tutor</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="185"/>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="186"/>
        <source>Privacy notice</source>
        <translation>Aviso de privacidad</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="253"/>
        <source>MM/DD/YYYY</source>
        <translation>MM/DD/AAAA</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="255"/>
        <source>DD/MM/YYYY</source>
        <translation>DD/MM/AAAA</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="359"/>
        <source>{0}, age {1}</source>
        <translation>{0}, {1} años</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="361"/>
        <source> — guardian needed</source>
        <translation> — necesita tutor</translation>
    </message>
</context>
<context>
    <name>SignupPage</name>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="90"/>
        <source>Sign up a new patron</source>
        <translation>Inscribir a un usuario nuevo</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="115"/>
        <source>Card numbers left</source>
        <extracomment>A sign-up the store could not save, in the problem colour (hidden otherwise). At the top: on a short screen the bottom of the page may be below its edge.</extracomment>
        <translation>Números de tarjeta disponibles</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="117"/>
        <source>Clear form</source>
        <translation>Borrar formulario</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="124"/>
        <source>Ctrl+Enter anywhere in the form, or Enter on the privacy tick box</source>
        <translation>Ctrl+Enter en cualquier lugar del formulario, o Intro en la casilla de privacidad</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="186"/>
        <source>No card numbers left on this laptop: new patrons get a TEMPORARY number until the next sync.</source>
        <translation>No quedan números de tarjeta en este equipo: los usuarios nuevos reciben un número TEMPORAL hasta la próxima sincronización.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="191"/>
        <source>Only {0} card numbers left on this laptop — sync soon for more.</source>
        <translation>Números de tarjeta disponibles en este equipo: solo {0} — sincronice pronto para recibir más.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="193"/>
        <source>{0} card numbers left on this laptop.</source>
        <translation>Quedan {0} números de tarjeta en este equipo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="250"/>
        <source>That scan was not used: scan a guardian&apos;s card into the Guardian&apos;s card field.</source>
        <translation>Ese escaneo no se usó: escanee la tarjeta del tutor en el campo Tarjeta del tutor.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="314"/>
        <source>Not saved: fix the {0} field(s) marked in red.</source>
        <translation>No se guardó: corrija los {0} campos marcados en rojo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="316"/>
        <source>Not saved: fix the field marked in red.</source>
        <translation>No se guardó: corrija el campo marcado en rojo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="206"/>
        <source>Not saved: {0}</source>
        <translation>No se guardó: {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="118"/>
        <source>Sign up and make card (Ctrl+Enter)</source>
        <translation>Inscribir y hacer la tarjeta (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="396"/>
        <source>That was the last card number on this laptop; sync to get more.</source>
        <translation>Ese era el último número de tarjeta de este equipo; sincronice para recibir más.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="398"/>
        <source>Only {0} card numbers left on this laptop — sync soon.</source>
        <translation>Números de tarjeta disponibles en este equipo: solo {0} — sincronice pronto.</translation>
    </message>
</context>
<context>
    <name>SlipDialog</name>
    <message>
        <location filename="../../src/popup/ui/desk/slip.py" line="88"/>
        <source>Due-date slip</source>
        <translation>Recibo de préstamo</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/slip.py" line="101"/>
        <source>&amp;Print… (Ctrl+P)</source>
        <translation>&amp;Imprimir… (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/slip.py" line="103"/>
        <source>Print slip</source>
        <translation>Imprimir recibo</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/slip.py" line="104"/>
        <source>Close (Esc)</source>
        <translation>Cerrar (Esc)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/slip.py" line="105"/>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
</context>
<context>
    <name>StopReportPage</name>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="179"/>
        <location filename="../../src/popup/ui/events/report.py" line="187"/>
        <source>Stop</source>
        <translation>Parada</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="184"/>
        <source>Print…</source>
        <translation>Imprimir…</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="185"/>
        <source>Export PDF…</source>
        <translation>Exportar PDF…</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="186"/>
        <source>Export CSV…</source>
        <translation>Exportar CSV…</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="201"/>
        <location filename="../../src/popup/ui/events/report.py" line="507"/>
        <source>Checkouts</source>
        <translation>Préstamos</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="202"/>
        <location filename="../../src/popup/ui/events/report.py" line="508"/>
        <source>Returns</source>
        <translation>Devoluciones</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="203"/>
        <location filename="../../src/popup/ui/events/report.py" line="509"/>
        <source>Renewals</source>
        <translation>Renovaciones</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="204"/>
        <location filename="../../src/popup/ui/events/report.py" line="510"/>
        <source>In-house uses</source>
        <translation>Usos en sala</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="205"/>
        <location filename="../../src/popup/ui/events/report.py" line="511"/>
        <source>New patrons</source>
        <translation>Inscripciones</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="206"/>
        <location filename="../../src/popup/ui/events/report.py" line="512"/>
        <source>Attendance</source>
        <translation>Asistencia</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="207"/>
        <location filename="../../src/popup/ui/events/report.py" line="513"/>
        <source>Events</source>
        <translation>Actividades</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="217"/>
        <source>Takings</source>
        <translation>Recaudación</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="222"/>
        <source>Actions by staff member</source>
        <translation>Acciones por miembro del personal</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="237"/>
        <location filename="../../src/popup/ui/events/report.py" line="542"/>
        <source>Attendance per event and age band</source>
        <translation>Asistencia por actividad y grupo de edad</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="314"/>
        <source>No stops on this laptop yet.</source>
        <translation>Aún no hay paradas en este equipo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="337"/>
        <source>Taken: cash {0} · card {1} · other {2} — total {3}. Fines waived: {4}.</source>
        <translation>Cobrado: efectivo {0} · tarjeta {1} · otro {2} — total {3}. Multas condonadas: {4}.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="352"/>
        <source>no one signed in</source>
        <translation>nadie con sesión iniciada</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="354"/>
        <source>a former staff member</source>
        <translation>un antiguo miembro del personal</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/events/report.py" line="355"/>
        <source>%1: %n action(s)</source>
        <translation>
            <numerusform>%1: %n acción</numerusform>
            <numerusform>%1: %n acciones</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/events/report.py" line="357"/>
        <source>, %n override(s) approved</source>
        <translation>
            <numerusform>, %n autorización dada</numerusform>
            <numerusform>, %n autorizaciones dadas</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="361"/>
        <source>By staff member: {0}.</source>
        <translation>Por miembro del personal: {0}.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="385"/>
        <source>Export the stop report as PDF</source>
        <translation>Exportar el informe de la parada en PDF</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="395"/>
        <source>Export attendance for the survey (CSV)</source>
        <translation>Exportar la asistencia para la encuesta (CSV)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/events/report.py" line="416"/>
        <source>Saved the stop&apos;s circulation and %n event(s) to {0}</source>
        <translation>
            <numerusform>Se guardó la circulación de la parada y %n actividad en {0}</numerusform>
            <numerusform>Se guardó la circulación de la parada y %n actividades en {0}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="427"/>
        <source>The CSV could not be written: {0}</source>
        <translation>No se pudo escribir el CSV: {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="437"/>
        <source>Stop report — {0}</source>
        <translation>Informe de la parada — {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="450"/>
        <source>Saved the report to {0}</source>
        <translation>Informe guardado en {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="452"/>
        <source>The PDF could not be written to {0}</source>
        <translation>No se pudo escribir el PDF en {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="498"/>
        <source>Stop report: {0}</source>
        <translation>Informe de la parada: {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="573"/>
        <source>No events were held at this stop.</source>
        <translation>No hubo actividades en esta parada.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="637"/>
        <source>Made by Popup on {0}</source>
        <translation>Generado por Popup el {0}</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../src/popup/ui/sync/page.py" line="69"/>
        <source>Connect to a sync server…</source>
        <translation>Conectar con un servidor de sincronización…</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/page.py" line="132"/>
        <source>This laptop is not connected to a sync server yet.</source>
        <extracomment>&quot;Sync now&quot; was pressed and has not been answered yet. When the server last stopped answering (None: it answers, or not checked yet).</extracomment>
        <translation>Este equipo aún no está conectado a un servidor de sincronización.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/page.py" line="140"/>
        <source>Server: {0} (library {1}) · not checked yet</source>
        <translation>Servidor: {0} (biblioteca {1}) · aún sin comprobar</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/page.py" line="142"/>
        <source>Server: {0} (library {1}) · reachable</source>
        <translation>Servidor: {0} (biblioteca {1}) · responde</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/page.py" line="144"/>
        <source>Server: {0} (library {1}) · not reachable since {2}</source>
        <translation>Servidor: {0} (biblioteca {1}) · no responde desde las {2}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/page.py" line="161"/>
        <source>Nothing to sync with: this laptop is not connected to a sync server yet. Press “Connect to a sync server…” first.</source>
        <translation>No hay con quién sincronizar: este equipo aún no está conectado a un servidor de sincronización. Pulse primero «Conectar a un servidor de sincronización…».</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/page.py" line="167"/>
        <source>Trying now…</source>
        <translation>Intentándolo ahora…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/sync/page.py" line="180"/>
        <source>Could not reach the server at {0}. Popup keeps trying every %n second(s); nothing is lost: everything done here stays on this laptop until then.</source>
        <translation>
            <numerusform>No se pudo contactar con el servidor en {0}. Popup lo sigue intentando cada %n segundo; no se pierde nada: todo lo hecho aquí se queda en este equipo hasta entonces.</numerusform>
            <numerusform>No se pudo contactar con el servidor en {0}. Popup lo sigue intentando cada %n segundos; no se pierde nada: todo lo hecho aquí se queda en este equipo hasta entonces.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/sync/page.py" line="187"/>
        <source>Could not reach the server at {0}. Popup keeps trying every %n minute(s); nothing is lost: everything done here stays on this laptop until then.</source>
        <translation>
            <numerusform>No se pudo contactar con el servidor en {0}. Popup lo sigue intentando cada %n minuto; no se pierde nada: todo lo hecho aquí se queda en este equipo hasta entonces.</numerusform>
            <numerusform>No se pudo contactar con el servidor en {0}. Popup lo sigue intentando cada %n minutos; no se pierde nada: todo lo hecho aquí se queda en este equipo hasta entonces.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/page.py" line="204"/>
        <source>Synced at {0}.</source>
        <translation>Sincronizado a las {0}.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/page.py" line="208"/>
        <source>The sync did not finish; the reason is above.</source>
        <translation>La sincronización no terminó; el motivo está arriba.</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="298"/>
        <source>Checking the sync server…</source>
        <extracomment>What became of the last &quot;Sync now&quot; (hidden until it is pressed).</extracomment>
        <translation>Comprobando el servidor de sincronización…</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="305"/>
        <source>Sync now</source>
        <translation>Sincronizar ahora</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="326"/>
        <source>Uploading %v of %m</source>
        <translation>Subiendo %v de %m</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="329"/>
        <source>Downloading</source>
        <translation>Descargando</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="330"/>
        <source>Downloading… {0} changes so far</source>
        <translation>Descargando… cambios hasta ahora: {0}</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../src/popup/ui/app.py" line="66"/>
        <source>Popup cannot open its store</source>
        <extracomment>Set (to anything), the app prints &quot;painted &lt;focused widget&apos;s class&gt;&quot; on stdout once its window has painted, then &quot;ready &lt;focused widget&apos;s class&gt;&quot; once the store is open and the window has it, and quits: how ``benchmarks/cold_start.py`` times a start, frozen too. If the window is shown but never painted (another workspace), the store opens after this.</extracomment>
        <translation>Popup no puede abrir su almacén de datos</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/app.py" line="171"/>
        <source>Popup could not start</source>
        <translation>Popup no pudo iniciarse</translation>
    </message>
</context>
<context>
    <name>clock</name>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1155"/>
        <source>The clock on this laptop jumped {amount} forward while Popup was open.</source>
        <translation>El reloj de este equipo se adelantó {amount} mientras Popup estaba abierto.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1158"/>
        <source>The clock on this laptop jumped {amount} back while Popup was open.</source>
        <translation>El reloj de este equipo se atrasó {amount} mientras Popup estaba abierto.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1161"/>
        <source>The date and time on this laptop are {amount} earlier than the last action recorded on it.</source>
        <translation>La fecha y la hora de este equipo son {amount} anteriores a la última acción registrada en él.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1166"/>
        <source>The date and time on this laptop are {amount} earlier than the sync server&apos;s at the last sync.</source>
        <translation>La fecha y la hora de este equipo son {amount} anteriores a las del servidor de sincronización en la última sincronización.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1171"/>
        <source>The clock on this laptop is {amount} ahead of the sync server&apos;s.</source>
        <translation>El reloj de este equipo va {amount} por delante del del servidor de sincronización.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1174"/>
        <source>The clock on this laptop is {amount} behind the sync server&apos;s.</source>
        <translation>El reloj de este equipo va {amount} por detrás del del servidor de sincronización.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1177"/>
        <source>The date on this laptop is {amount} after the last time it was used.</source>
        <translation>La fecha de este equipo es {amount} posterior a la última vez que se usó.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1180"/>
        <source>Actions are recorded with this laptop&apos;s date and time: if they are wrong, fix them in the system settings.</source>
        <translation>Las acciones se registran con la fecha y la hora de este equipo: si están mal, corríjalas en la configuración del sistema.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1186"/>
        <source>about a minute</source>
        <extracomment>How far off the clock is, rounded: &quot;about a minute&quot;, &quot;about 20 minutes&quot;, ...</extracomment>
        <translation>alrededor de un minuto</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1188"/>
        <source>about {count} minutes</source>
        <extracomment>{count} is a number of minutes (2 or more).</extracomment>
        <translation>alrededor de {count} minutos</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1189"/>
        <source>about an hour</source>
        <translation>alrededor de una hora</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1191"/>
        <source>about {count} hours</source>
        <extracomment>{count} is a number of hours (2 or more).</extracomment>
        <translation>alrededor de {count} horas</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1192"/>
        <source>about a day</source>
        <translation>alrededor de un día</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1194"/>
        <source>about {count} days</source>
        <extracomment>{count} is a number of days (2 or more).</extracomment>
        <translation>alrededor de {count} días</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1195"/>
        <source>about a month</source>
        <translation>alrededor de un mes</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1197"/>
        <source>about {count} months</source>
        <extracomment>{count} is a number of months (2 or more).</extracomment>
        <translation>alrededor de {count} meses</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1198"/>
        <source>about a year</source>
        <translation>alrededor de un año</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1200"/>
        <source>about {count} years</source>
        <extracomment>{count} is a number of years (2 or more).</extracomment>
        <translation>alrededor de {count} años</translation>
    </message>
</context>
<context>
    <name>desk</name>
    <message>
        <location filename="../../src/popup/ui/camera.py" line="84"/>
        <source>Camera scanning is not installed (QtMultimedia is missing).</source>
        <extracomment>Ask for about this much: plenty for a card held 20-40 cm away, cheap to decode.</extracomment>
        <translation>La lectura con cámara no está instalada (falta QtMultimedia).</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/camera.py" line="88"/>
        <source>No camera found. Plug in a camera, or use the hand scanner or type the number.</source>
        <translation>No se encontró ninguna cámara. Conecte una, o use el lector de mano o escriba el número.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/camera.py" line="112"/>
        <source>Popup may not use the camera. To allow it, open System Settings → Privacy &amp; Security → Camera and turn on Popup (macOS may ask to reopen Popup). The hand scanner and typing the number keep working.</source>
        <translation>Popup no tiene permiso para usar la cámara. Para permitirlo, abra Configuración del Sistema → Privacidad y seguridad → Cámara y active Popup (macOS puede pedir que vuelva a abrir Popup). El lector de mano y escribir el número siguen funcionando.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/camera.py" line="119"/>
        <source>Popup may not use the camera. To allow it, open Settings → Privacy &amp; security → Camera and let desktop apps use the camera. The hand scanner and typing the number keep working.</source>
        <translation>Popup no tiene permiso para usar la cámara. Para permitirlo, abra Configuración → Privacidad y seguridad → Cámara y permita que las aplicaciones de escritorio accedan a la cámara. El lector de mano y escribir el número siguen funcionando.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/camera.py" line="125"/>
        <source>Popup may not use the camera; allow it in this computer&apos;s privacy settings. The hand scanner and typing the number keep working.</source>
        <translation>Popup no tiene permiso para usar la cámara; permítalo en la configuración de privacidad de este equipo. El lector de mano y escribir el número siguen funcionando.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/slip.py" line="45"/>
        <source>Card</source>
        <translation>Tarjeta</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/slip.py" line="46"/>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/slip.py" line="47"/>
        <source>Due back</source>
        <translation>Fecha de devolución</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/slip.py" line="48"/>
        <source>Items lent: {0}</source>
        <translation>Ejemplares prestados: {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="116"/>
        <source>Item is on hold for another patron</source>
        <translation>El ejemplar está reservado para otro usuario</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="134"/>
        <source>Item was not on loan</source>
        <translation>El ejemplar no estaba prestado</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="99"/>
        <source>Card expired on {expiry}</source>
        <extracomment>Specifics of a message as ``(name, value)`` pairs, sorted by name: hashable and frozen. {expiry} is a date written as the desk writes dates.</extracomment>
        <translation>La tarjeta venció el {expiry}</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="101"/>
        <source>Owes {owed}, over the limit of {limit}</source>
        <extracomment>{owed} and {limit} are amounts of money, e.g. 6.50 (no currency sign).</extracomment>
        <translation>Adeuda {owed} en multas; el límite es {limit}</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="103"/>
        <source>Blocked by staff: {reason}</source>
        <extracomment>{reason} is what staff typed when they blocked the patron.</extracomment>
        <translation>Bloqueado por el personal: {reason}</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="104"/>
        <source>Blocked by staff: no reason given</source>
        <translation>Bloqueado por el personal: sin motivo indicado</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="106"/>
        <source>Already has {count} item(s) out; the limit is {limit}</source>
        <extracomment>{count} and {limit} are numbers of items; word it so that 1 reads right too.</extracomment>
        <translation>Ejemplares prestados: {count}; el límite es {limit}</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="110"/>
        <source>Still on loan to {initials}, due {due}; that loan will be closed</source>
        <extracomment>{initials}: the other borrower&apos;s initials, e.g. &quot;G. H.&quot;; {due}: a date.</extracomment>
        <translation>Sigue prestado a {initials}, vence el {due}; ese préstamo se cerrará</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="113"/>
        <source>Already on loan to this patron, due {due} (renew it instead?)</source>
        <translation>Ya está prestado a este usuario, vence el {due} (¿mejor renovarlo?)</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="117"/>
        <source>Another patron is waiting for this item</source>
        <translation>Otro usuario espera este ejemplar</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="121"/>
        <source>{item_type} items are not for loan to {category} patrons</source>
        <extracomment>{item_type} and {category} are the library&apos;s own codes, e.g. REFERENCE, ADULT.</extracomment>
        <translation>Los ejemplares de tipo {item_type} no se prestan a usuarios de la categoría {category}</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="124"/>
        <source>No loan rule covers patron category {category} with item type {item_type}</source>
        <translation>Ninguna regla de préstamo cubre la categoría de usuario {category} con el tipo de ejemplar {item_type}</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="129"/>
        <source>Item is marked {status}</source>
        <extracomment>{status} is one of the words lost, missing, withdrawn, not for loan, damaged, restricted (translated on their own).</extracomment>
        <translation>El ejemplar figura como {status}</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="131"/>
        <source>Renewed {count} time(s) already; the limit is {limit}</source>
        <extracomment>{count} and {limit} are numbers of renewals; word it so that 1 reads right too.</extracomment>
        <translation>Renovaciones hechas: {count}; el límite es {limit}</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="135"/>
        <source>A patron is waiting: hold shelf</source>
        <translation>Un usuario lo espera: al estante de reservas</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="137"/>
        <source>A patron at {library} is waiting</source>
        <extracomment>{library} is a library&apos;s code, e.g. EAST.</extracomment>
        <translation>Un usuario lo espera en {library}</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="138"/>
        <source>Send to {library}</source>
        <translation>Enviar a {library}</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="140"/>
        <location filename="../../src/popup/domain/messages.py" line="141"/>
        <location filename="../../src/popup/domain/messages.py" line="142"/>
        <location filename="../../src/popup/domain/messages.py" line="143"/>
        <source>Please ask a staff member.</source>
        <translation>Por favor, pregunte a un miembro del personal.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="154"/>
        <source>lost</source>
        <extracomment>An item&apos;s status, shown in &quot;Item is marked {status}&quot;.</extracomment>
        <translation>perdido</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="155"/>
        <source>missing</source>
        <translation>no localizado</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="156"/>
        <source>withdrawn</source>
        <translation>dado de baja</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="157"/>
        <source>not for loan</source>
        <translation>excluido del préstamo</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="158"/>
        <source>damaged</source>
        <translation>dañado</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="159"/>
        <source>restricted</source>
        <translation>de uso restringido</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="170"/>
        <source>“{scanned}” is empty: nothing was scanned</source>
        <extracomment>{scanned} is what the scanner read. These sentences also stand alone.</extracomment>
        <translation>“{scanned}” está vacío: no se escaneó nada</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="171"/>
        <source>“{scanned}” contains characters other than digits</source>
        <translation>“{scanned}” contiene caracteres que no son dígitos</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="174"/>
        <source>“{scanned}” has {length} characters; this library&apos;s numbers have {expected} (a partial scan?)</source>
        <translation>“{scanned}” tiene {length} caracteres; los números de esta biblioteca tienen {expected} (¿se escaneó a medias?)</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="179"/>
        <source>“{scanned}” starts with neither {patron_prefix} (patron card) nor {item_prefix} (item)</source>
        <translation>“{scanned}” no empieza por {patron_prefix} (tarjeta de usuario) ni por {item_prefix} (ejemplar)</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="184"/>
        <source>“{scanned}” belongs to institution {institution}, not this library ({expected})</source>
        <translation>“{scanned}” es de la institución {institution}, no de esta biblioteca ({expected})</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="188"/>
        <source>“{scanned}” has a wrong check digit: expected {expected}, got {got}</source>
        <translation>“{scanned}” tiene un dígito de control incorrecto: se esperaba {expected} y se leyó {got}</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="191"/>
        <source>“{scanned}” is an item barcode, not a patron card</source>
        <translation>“{scanned}” es el código de un ejemplar, no una tarjeta de usuario</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="194"/>
        <source>“{scanned}” is a Popup card of version {version}, which this app cannot read</source>
        <translation>“{scanned}” es una tarjeta Popup de la versión {version}, que esta aplicación no puede leer</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="206"/>
        <source>An override needs a reason; type why the rule is being set aside.</source>
        <translation>Para autorizar hace falta un motivo; escriba por qué no se aplica la regla.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="210"/>
        <source>“{reason}” is a number, not a reason: it looks like a scan. Type in words why the rule is being set aside.</source>
        <extracomment>{reason} is what reached the reason box: a number, e.g. a card scanned into it.</extracomment>
        <translation>«{reason}» es un número, no un motivo: parece un escaneo. Escriba con palabras por qué se deja de lado la regla.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="215"/>
        <source>In-house use count must be between 1 and 999, not {count}.</source>
        <translation>El número de usos en sala debe estar entre 1 y 999, no {count}.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="219"/>
        <source>No patron card: {problem}</source>
        <extracomment>{problem} is one of the &quot;“{scanned}” …&quot; sentences about a scanned number.</extracomment>
        <translation>No es una tarjeta de usuario: {problem}</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="220"/>
        <source>“{number}” is an item barcode, not a patron card. Scan the patron&apos;s card first.</source>
        <translation>“{number}” es el código de un ejemplar, no una tarjeta de usuario. Escanee primero la tarjeta del usuario.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="224"/>
        <source>No patron with card “{number}” on this laptop.</source>
        <translation>No hay ningún usuario con la tarjeta “{number}” en este equipo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="227"/>
        <source>“{number}” is a patron card, not an item. Scan the item&apos;s barcode.</source>
        <translation>“{number}” es una tarjeta de usuario, no un ejemplar. Escanee el código de barras del ejemplar.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="230"/>
        <source>Not in the catalogue: {problem}</source>
        <translation>No está en el catálogo: {problem}</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="231"/>
        <source>No item with barcode “{barcode}” in this laptop&apos;s catalogue.</source>
        <translation>No hay ningún ejemplar con el código de barras “{barcode}” en el catálogo de este equipo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="234"/>
        <source>That loan is no longer open; it may have been returned.</source>
        <translation>Ese préstamo ya no está abierto; quizá ya se devolvió.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="237"/>
        <source>There is no action number {seq} to undo.</source>
        <translation>No hay ninguna acción número {seq} que deshacer.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="240"/>
        <source>Action {seq} was already undone.</source>
        <translation>La acción {seq} ya se deshizo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="242"/>
        <source>A {kind} action cannot be undone here.</source>
        <extracomment>{kind} is the action&apos;s internal name, e.g. patron_register.</extracomment>
        <translation>Una acción de tipo {kind} no se puede deshacer aquí.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="243"/>
        <source>The item of that action is no longer in the catalogue.</source>
        <translation>El ejemplar de esa acción ya no está en el catálogo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="246"/>
        <source>{title} has been returned since; nothing to undo.</source>
        <translation>{title} se devolvió después; no hay nada que deshacer.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="249"/>
        <source>{title} has been lent again since; nothing to undo.</source>
        <translation>{title} se volvió a prestar después; no hay nada que deshacer.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="253"/>
        <source>{title} is not due to move yet: due {due} either way. No renewal was used.</source>
        <extracomment>{title} is the item&apos;s title; {due} its due date, which a renewal today would keep.</extracomment>
        <translation>{title} aún no puede renovarse: vence el {due} de todos modos. No se gastó ninguna renovación.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="259"/>
        <source>Card “{number}” was reported lost on {lost} and cannot be used. Find the patron by name (Ctrl+K).</source>
        <extracomment>A scan of a card that was replaced because it was lost. {number}: the card; {lost}: the day it was reported lost (a date).</extracomment>
        <translation>La tarjeta “{number}” se declaró perdida el {lost} y no se puede usar. Busque al usuario por nombre (Ctrl+K).</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="264"/>
        <source>Type at least two letters of the patron&apos;s name.</source>
        <translation>Escriba al menos dos letras del nombre del usuario.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="268"/>
        <source>“{typed}” is not a date of birth; type it as on the sign-up form, or leave it empty.</source>
        <extracomment>{typed}: what was typed as a date of birth.</extracomment>
        <translation>“{typed}” no es una fecha de nacimiento; escríbala como en el formulario de inscripción, o deje el campo vacío.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="274"/>
        <source>{title} is on loan to {initials}, card ending {card}, due {due}: return it before counting the use.</source>
        <extracomment>In-house use of an item still on loan. {initials}: the borrower&apos;s, e.g. &quot;A. L.&quot;; {card}: the last four digits of their card; {due}: a date.</extracomment>
        <translation>{title} está prestado a {initials}, tarjeta terminada en {card}, vence el {due}: devuélvalo antes de contar el uso.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="289"/>
        <source>Checkout of {title} undone.</source>
        <extracomment>{title} is the item&apos;s title.</extracomment>
        <translation>Préstamo de {title} deshecho.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="290"/>
        <source>Return of {title} undone.</source>
        <translation>Devolución de {title} deshecha.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="291"/>
        <source>Renewal of {title} undone.</source>
        <translation>Renovación de {title} deshecha.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="292"/>
        <source>In-house use of {title} undone.</source>
        <translation>Uso en sala de {title} deshecho.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/text.py" line="169"/>
        <source>HOLD for {0}: route it</source>
        <extracomment>The library&apos;s currency (the ``currency`` setting), set by :func:`use_currency`.</extracomment>
        <translation>RESERVA para {0}: enviarlo</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/text.py" line="171"/>
        <source>HOLD: put it on the hold shelf</source>
        <translation>RESERVA: al estante de reservas</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/text.py" line="173"/>
        <source>Belongs to {0}: route it</source>
        <translation>Es de {0}: enviarlo</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/text.py" line="174"/>
        <source>Shelve</source>
        <translation>Al estante</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/text.py" line="180"/>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_print.py" line="119"/>
        <location filename="../../src/popup/ui/signup/card_print.py" line="123"/>
        <location filename="../../src/popup/ui/text.py" line="183"/>
        <source>d MMM yyyy</source>
        <extracomment>Narrowest Codabar element: 0.25 mm reads on common library CCD and laser scanners. The sign-up form&apos;s languages (stored by their English names) and the translation each card is printed with; a language with no translation prints in the staff&apos;s language. The patron&apos;s preferred language as the sign-up stored it (&quot;Spanish&quot;), or &quot;&quot;. The language the card is printed in (&quot;es&quot;), or &quot;&quot; for the staff&apos;s.</extracomment>
        <translation>d MMM yyyy</translation>
    </message>
</context>
<context>
    <name>events</name>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="38"/>
        <source>Registered</source>
        <translation>Inscrito</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="39"/>
        <source>Waitlist</source>
        <translation>En espera</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="40"/>
        <source>Checked in</source>
        <translation>Presente</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="41"/>
        <source>Cancelled</source>
        <translation>Anulado</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="59"/>
        <location filename="../../src/popup/ui/events/models.py" line="71"/>
        <source>On-site</source>
        <translation>En sede</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="60"/>
        <location filename="../../src/popup/ui/events/models.py" line="73"/>
        <source>Off-site</source>
        <translation>Fuera de sede</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="91"/>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="92"/>
        <source>Band</source>
        <translation>Edad</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="93"/>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="142"/>
        <source>Has a library card on file</source>
        <translation>Tiene tarjeta de biblioteca registrada</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="178"/>
        <source>Event</source>
        <translation>Actividad</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="179"/>
        <source>Where</source>
        <translation>Dónde</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="181"/>
        <source>By card</source>
        <translation>Tarjeta</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="182"/>
        <location filename="../../src/popup/ui/events/models.py" line="209"/>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="26"/>
        <source>Checkouts</source>
        <extracomment>Activity series: group key, label, colour.</extracomment>
        <translation>Préstamos</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="27"/>
        <source>Returns</source>
        <translation>Devoluciones</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="28"/>
        <source>Renewals</source>
        <translation>Renovaciones</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="29"/>
        <source>In-house uses</source>
        <translation>Usos en sala</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="30"/>
        <source>New patrons</source>
        <translation>Inscripciones</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="31"/>
        <source>Attendance</source>
        <translation>Asistencia</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="58"/>
        <source>Attendance by age band</source>
        <translation>Asistencia por grupo de edad</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="76"/>
        <source>Age band</source>
        <translation>Grupo de edad</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="78"/>
        <source>People</source>
        <translation>Personas</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="86"/>
        <source>Activity through the day</source>
        <translation>Actividad a lo largo del día</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="105"/>
        <source>no activity yet</source>
        <translation>aún sin actividad</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="108"/>
        <source>Actions</source>
        <translation>Acciones</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="50"/>
        <source>ddd d MMM</source>
        <translation>ddd d MMM</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="103"/>
        <source>{0}: circulation all day (the stop was not opened on this laptop, so the whole day counts).</source>
        <translation>{0}: circulación de todo el día (la parada no se abrió en este equipo, así que cuenta el día entero).</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="111"/>
        <source>{0} (when the stop was opened on this laptop)</source>
        <translation>{0} (cuando se abrió la parada en este equipo)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="115"/>
        <source>{0} (half an hour before its planned start)</source>
        <translation>{0} (media hora antes del inicio previsto)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="119"/>
        <source>the start of the day</source>
        <translation>el comienzo del día</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="121"/>
        <source>{0} (when the next stop began)</source>
        <translation>{0} (cuando empezó la parada siguiente)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="125"/>
        <source>the end of the day</source>
        <translation>el final del día</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="127"/>
        <source>the end of {0}</source>
        <translation>el final del {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="130"/>
        <source>{0}: circulation from {1} to {2}.</source>
        <translation>{0}: circulación desde {1} hasta {2}.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="81"/>
        <source>Events</source>
        <translation>Actividades</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="167"/>
        <source>Stop report</source>
        <translation>Informe</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="824"/>
        <source>The stop name is empty; type a stop name.</source>
        <translation>Falta el nombre de la parada; escríbalo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="825"/>
        <source>The event title is empty; type an event title.</source>
        <translation>Falta el título de la actividad; escríbalo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="828"/>
        <source>The event type is empty; type an event type.</source>
        <translation>Falta el tipo de actividad; escríbalo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="831"/>
        <source>The name is empty; type a name.</source>
        <translation>Falta el nombre; escríbalo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="833"/>
        <source>The stop name is too long ({length} characters, at most {limit}).</source>
        <extracomment>{length} and {limit} are numbers of characters.</extracomment>
        <translation>El nombre de la parada es demasiado largo ({length} caracteres; como máximo {limit}).</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="836"/>
        <source>The place is too long ({length} characters, at most {limit}).</source>
        <translation>El lugar es demasiado largo ({length} caracteres; como máximo {limit}).</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="839"/>
        <source>The event title is too long ({length} characters, at most {limit}).</source>
        <translation>El título de la actividad es demasiado largo ({length} caracteres; como máximo {limit}).</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="842"/>
        <source>The event type is too long ({length} characters, at most {limit}).</source>
        <translation>El tipo de actividad es demasiado largo ({length} caracteres; como máximo {limit}).</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="845"/>
        <source>The audience is too long ({length} characters, at most {limit}).</source>
        <translation>El público es demasiado largo ({length} caracteres; como máximo {limit}).</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="848"/>
        <source>The name is too long ({length} characters, at most {limit}).</source>
        <translation>El nombre es demasiado largo ({length} caracteres; como máximo {limit}).</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="851"/>
        <source>The stop&apos;s start time has no time zone.</source>
        <translation>La hora de inicio de la parada no tiene zona horaria.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="854"/>
        <source>The stop&apos;s end time has no time zone.</source>
        <translation>La hora de fin de la parada no tiene zona horaria.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="855"/>
        <source>The stop ends before it starts; check the start and end times.</source>
        <translation>La parada termina antes de empezar; revise las horas de inicio y fin.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="858"/>
        <source>That stop is not on this laptop any more; choose another stop.</source>
        <translation>Esa parada ya no está en este equipo; elija otra.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="861"/>
        <source>That event is not on this laptop any more; choose another event.</source>
        <translation>Esa actividad ya no está en este equipo; elija otra.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="864"/>
        <source>That registration is not on this laptop any more.</source>
        <translation>Esa inscripción ya no está en este equipo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="868"/>
        <source>The capacity must be 1 or more, not {capacity}; leave it empty.</source>
        <extracomment>{capacity} is the number staff typed.</extracomment>
        <translation>El cupo debe ser 1 o más, no {capacity}; déjelo vacío si no hay límite.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="872"/>
        <source>Not a library card: {problem}</source>
        <extracomment>{problem} is one of the &quot;“{scanned}” …&quot; sentences about a scanned number.</extracomment>
        <translation>No es una tarjeta de la biblioteca: {problem}</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="873"/>
        <source>“{number}” is an item barcode, not a library card.</source>
        <translation>“{number}” es el código de barras de un ejemplar, no una tarjeta de la biblioteca.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="876"/>
        <source>Card “{number}” was reported lost on {lost} and cannot be used: count the person with the +1 of their age band instead.</source>
        <translation>La tarjeta “{number}” se declaró perdida el {lost} y no se puede usar: cuente a la persona con el +1 de su grupo de edad.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="881"/>
        <source>Card {number} is already on this event&apos;s list.</source>
        <translation>La tarjeta {number} ya está en la lista de esta actividad.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="885"/>
        <source>{name}&apos;s registration was already cancelled.</source>
        <extracomment>{name} is the name on the event&apos;s list.</extracomment>
        <translation>La inscripción de {name} ya estaba cancelada.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="888"/>
        <source>{name}&apos;s registration was cancelled; register them again.</source>
        <translation>La inscripción de {name} se canceló; vuelva a inscribirlo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="891"/>
        <source>{name} is already checked in and counted.</source>
        <translation>{name} ya está marcado presente y contado.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="895"/>
        <source>A counter changes by +1 or -1, not {delta}.</source>
        <extracomment>{delta} is a number.</extracomment>
        <translation>Un contador cambia de +1 o -1, no de {delta}.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="897"/>
        <source>The {band} count is already zero; there is nothing to take off.</source>
        <extracomment>{band} is the library&apos;s name for an age band, e.g. &quot;Children 0–5&quot;.</extracomment>
        <translation>El conteo de {band} ya está en cero; no hay nada que restar.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="901"/>
        <source>There is no age band “{code}”; the bands are {known}.</source>
        <extracomment>{code} is a band code; {known} lists the library&apos;s band codes.</extracomment>
        <translation>No existe el grupo de edad “{code}”; los grupos son {known}.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="905"/>
        <source>{subject}: choose the age band to count them in.</source>
        <extracomment>{subject} is the attendee&apos;s name, or &quot;Card 2112… (not on this laptop)&quot;.</extracomment>
        <translation>{subject}: elija un grupo de edad para el conteo.</translation>
    </message>
</context>
<context>
    <name>failures</name>
    <message>
        <location filename="../../src/popup/ui/actions.py" line="111"/>
        <source>the disk is full. Free some space on this laptop, then try again.</source>
        <extracomment>What kind of failure it was (the log&apos;s word for it). What kind of failure it was, for staff (after &quot;Not saved: &quot;); ``{0}`` is a technical name. (A failed save of the store is the store&apos;s own keyed sentence: see the module&apos;s notes.)</extracomment>
        <translation>el disco está lleno. Libere espacio en este equipo y vuelva a intentarlo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/actions.py" line="114"/>
        <source>the file cannot be written (read-only). Choose a folder you can write to.</source>
        <translation>no se puede escribir en el archivo (es de solo lectura). Elija una carpeta en la que pueda escribir.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/actions.py" line="117"/>
        <source>the disk could not be read or written (I/O error). Try again; if it happens again, check the disk.</source>
        <translation>no se pudo leer o escribir en el disco (error de E/S). Vuelva a intentarlo; si vuelve a ocurrir, revise el disco.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/actions.py" line="122"/>
        <source>the store reported an error ({0}). Try again.</source>
        <translation>el almacén de datos informó de un error ({0}). Vuelva a intentarlo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/actions.py" line="123"/>
        <source>something unexpected went wrong ({0}). It was logged; try again.</source>
        <translation>ocurrió algo inesperado ({0}). Quedó registrado; vuelva a intentarlo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/actions.py" line="128"/>
        <source>Not saved: {0}</source>
        <extracomment>The sentence around it, for an action that writes and for one that only reads.</extracomment>
        <translation>No se guardó: {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/actions.py" line="129"/>
        <source>Not done: {0}</source>
        <translation>No se hizo: {0}</translation>
    </message>
</context>
<context>
    <name>holds</name>
    <message>
        <location filename="../../src/popup/ui/holds/slip.py" line="22"/>
        <source>any stop of {0}</source>
        <translation>cualquier parada de {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/slip.py" line="26"/>
        <source>HOLD</source>
        <translation>RESERVA</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/slip.py" line="27"/>
        <source>For {0}</source>
        <translation>Para {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/slip.py" line="28"/>
        <source>Card …{0}</source>
        <translation>Tarjeta …{0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/slip.py" line="29"/>
        <source>Pick up at: {0}</source>
        <translation>Retirar en: {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/slip.py" line="30"/>
        <source>Keep until {0}</source>
        <translation>Guardar hasta el {0}</translation>
    </message>
</context>
<context>
    <name>idle</name>
    <message>
        <location filename="../../src/popup/ui/text.py" line="204"/>
        <source>Cleared after 1 minute without activity.</source>
        <translation>Borrado tras 1 minuto sin actividad.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/text.py" line="206"/>
        <source>Cleared after %n minutes without activity.</source>
        <translation>Borrado tras %n minutos sin actividad.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/text.py" line="210"/>
        <source>Cleared after 1 second without activity.</source>
        <translation>Borrado tras 1 segundo sin actividad.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/text.py" line="211"/>
        <source>Cleared after %n seconds without activity.</source>
        <translation>Borrado tras %n segundos sin actividad.</translation>
    </message>
</context>
<context>
    <name>payments</name>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="48"/>
        <source>cash</source>
        <translation>efectivo</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="49"/>
        <source>card</source>
        <translation>tarjeta</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="50"/>
        <source>other</source>
        <translation>otro</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="52"/>
        <source>waiver</source>
        <translation>condonación</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="58"/>
        <source>Owes {0}</source>
        <translation>Adeuda {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="60"/>
        <source>Credit of {0}</source>
        <translation>Saldo a favor de {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="61"/>
        <source>Owes nothing</source>
        <translation>Sin deudas</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="108"/>
        <location filename="../../src/popup/ui/desk/payment.py" line="132"/>
        <source>Payment or waiver</source>
        <translation>Pago o condonación</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="112"/>
        <source>{0} · card ending {1}</source>
        <translation>{0} · tarjeta terminada en {1}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="128"/>
        <source>Payment (money taken)</source>
        <translation>Pago (dinero cobrado)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="130"/>
        <source>Waiver (fines written off)</source>
        <translation>Condonación (multas anuladas)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="136"/>
        <source>Method</source>
        <translation>Método de pago</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="138"/>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="144"/>
        <source>&amp;Keep the rest as a credit</source>
        <translation>&amp;Dejar el resto como saldo a favor</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="147"/>
        <source>Take more than is owed and keep the difference for later fines.</source>
        <translation>Cobrar más de lo adeudado y dejar la diferencia para multas futuras.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="153"/>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="155"/>
        <source>e.g. paid for the lost DVD</source>
        <translation>p. ej., pagó el DVD perdido</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="162"/>
        <source>&amp;Record a</source>
        <translation>&amp;Registrar</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="163"/>
        <source>&amp;Method</source>
        <translation>&amp;Método</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="164"/>
        <source>&amp;Amount</source>
        <translation>&amp;Importe</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="166"/>
        <source>&amp;Note (optional)</source>
        <translation>&amp;Nota (opcional)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="194"/>
        <source>Cancel (Esc)</source>
        <translation>Cancelar (Esc)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="195"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="199"/>
        <source>Record (Enter)</source>
        <translation>Registrar (Intro)</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="200"/>
        <source>Record the payment</source>
        <translation>Registrar el pago</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="261"/>
        <source>Balance after: {0}</source>
        <translation>Saldo después: {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="324"/>
        <source>Fines waived</source>
        <translation>Multas condonadas</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="325"/>
        <source>Waived: {0}</source>
        <translation>Condonado: {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="327"/>
        <location filename="../../src/popup/ui/desk/payment.py" line="380"/>
        <source>Payment receipt</source>
        <translation>Recibo de pago</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="328"/>
        <source>Paid: {0} ({1})</source>
        <translation>Pagado: {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="334"/>
        <source>credit of {0}</source>
        <translation>saldo a favor de {0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="340"/>
        <source>Card</source>
        <translation>Tarjeta</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="342"/>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="345"/>
        <source>Owed before</source>
        <translation>Adeudado antes</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="350"/>
        <source>Kept as credit</source>
        <translation>Queda a favor</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="357"/>
        <source>Credit on account</source>
        <translation>Saldo a favor</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="360"/>
        <source>Still owed</source>
        <translation>Aún adeuda</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="361"/>
        <source>Reference</source>
        <translation>Referencia</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="366"/>
        <source>Thank you.</source>
        <translation>Gracias.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1211"/>
        <source>Type the amount.</source>
        <translation>Escriba el importe.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1213"/>
        <source>“{text}” is not an amount; type a number such as 6.50.</source>
        <extracomment>{text} is what staff typed as the amount.</extracomment>
        <translation>“{text}” no es un importe; escriba un número como 6,50.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1216"/>
        <source>“{text}” has more than two decimals; type whole cents.</source>
        <translation>“{text}” tiene más de dos decimales; escriba centavos enteros.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1219"/>
        <source>The amount is zero: nothing to record. Type the amount paid.</source>
        <translation>El importe es cero: no hay nada que registrar. Escriba el importe pagado.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1222"/>
        <source>“{text}” is negative: a payment cannot be below zero. Type the amount paid.</source>
        <translation>“{text}” es negativo: un pago no puede ser menor que cero. Escriba el importe pagado.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1227"/>
        <source>That is more than {limit}, the most one payment may record.</source>
        <extracomment>{limit} is an amount of money, e.g. 100000.00 (no currency sign).</extracomment>
        <translation>Supera {limit}, el máximo que puede registrar un pago.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1230"/>
        <source>The patron owes nothing: there is nothing to waive.</source>
        <translation>El usuario no adeuda nada: no hay nada que condonar.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1234"/>
        <source>A waiver of {amount} is more than the {owed} owed; waive at most {owed}.</source>
        <extracomment>{amount} and {owed} are amounts of money, e.g. 6.50 (no currency sign).</extracomment>
        <translation>Una condonación de {amount} supera lo adeudado ({owed}); condone como máximo {owed}.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1237"/>
        <source>{amount} is more than the {owed} owed. Take {owed}, or tick “Keep the rest as a credit”.</source>
        <translation>{amount} supera lo adeudado ({owed}). Cobre {owed} o marque “Dejar el resto como saldo a favor”.</translation>
    </message>
</context>
<context>
    <name>signup</name>
    <message>
        <location filename="../../src/popup/ui/text.py" line="219"/>
        <source>Child</source>
        <extracomment>The default patron categories&apos; names (popup.domain.age_bands), translated wherever they are shown; a library&apos;s own names are shown as the library wrote them.</extracomment>
        <translation>Infantil</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/text.py" line="220"/>
        <source>Teen</source>
        <translation>Adolescente</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/text.py" line="221"/>
        <source>Adult</source>
        <translation>Adulto</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/text.py" line="222"/>
        <source>Senior</source>
        <translation>Mayor</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_print.py" line="240"/>
        <source>{0} · valid to {1}</source>
        <translation>{0} · válida hasta {1}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_print.py" line="255"/>
        <location filename="../../src/popup/ui/signup/card_print.py" line="260"/>
        <source>TEMPORARY CARD</source>
        <translation>TARJETA TEMPORAL</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_print.py" line="267"/>
        <source>Replaced by a permanent number at the next sync</source>
        <translation>Se cambia por un número permanente en la próxima sincronización</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_print.py" line="298"/>
        <source>Show this card (or a photo of it) to borrow. If found, please return it to the library.</source>
        <translation>Muestre esta tarjeta (o una foto) para pedir préstamos. Si la encuentra, devuélvala a la biblioteca.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_print.py" line="321"/>
        <source>Library card</source>
        <translation>Tarjeta de biblioteca</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_print.py" line="359"/>
        <source>The printer could not be started</source>
        <translation>No se pudo iniciar la impresora</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="65"/>
        <source>Sign up</source>
        <translation>Inscripción</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="303"/>
        <source>Name is required</source>
        <translation>El nombre es obligatorio</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="304"/>
        <source>Date of birth is required (it sets the patron&apos;s category)</source>
        <translation>La fecha de nacimiento es obligatoria (define la categoría del usuario)</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="307"/>
        <source>Address is required</source>
        <translation>La dirección es obligatoria</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="308"/>
        <source>Phone is required</source>
        <translation>El teléfono es obligatorio</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="309"/>
        <source>Email is required</source>
        <translation>El correo electrónico es obligatorio</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="310"/>
        <source>Preferred language is required</source>
        <translation>El idioma preferido es obligatorio</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="311"/>
        <source>Notes are required</source>
        <translation>Las notas son obligatorias</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="313"/>
        <source>Too long ({length} characters; at most {limit})</source>
        <extracomment>{length} and {limit} are numbers of characters.</extracomment>
        <translation>Demasiado extenso ({length} caracteres; como máximo {limit})</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="315"/>
        <source>“{name}” is not a name: it has no letters</source>
        <extracomment>{name} is what staff typed as the name.</extracomment>
        <translation>“{name}” no es un nombre: no tiene letras</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="317"/>
        <source>“{text}” is not a date; type it as YYYY-MM-DD, e.g. 2014-03-09</source>
        <extracomment>{text} is what staff typed as the date of birth; keep YYYY-MM-DD as it is typed.</extracomment>
        <translation>“{text}” no es una fecha; escríbala como AAAA-MM-DD, p. ej. 2014-03-09</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="321"/>
        <source>“{text}” is not a date; type it as month/day/year, e.g. 03/09/2014, or YYYY-MM-DD</source>
        <extracomment>The same, where the UI&apos;s language writes month/day/year (US English).</extracomment>
        <translation>«{text}» no es una fecha; escríbala como mes/día/año, p. ej. 03/09/2014, o AAAA-MM-DD</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="326"/>
        <source>“{text}” is not a date; type it as day/month/year, e.g. 09/03/2014, or YYYY-MM-DD</source>
        <extracomment>The same, where the UI&apos;s language writes day/month/year (Spanish); keep YYYY-MM-DD.</extracomment>
        <translation>«{text}» no es una fecha; escríbala como día/mes/año, p. ej. 09/03/2014, o AAAA-MM-DD</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="330"/>
        <source>“{text}” is not a real date (check the month and day)</source>
        <translation>“{text}” no es una fecha real (revise el mes y el día)</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="334"/>
        <source>Date of birth {born} is in the future (today is {today})</source>
        <extracomment>{born} and {today} are dates written as the desk writes dates.</extracomment>
        <translation>La fecha de nacimiento {born} es posterior a hoy ({today})</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="338"/>
        <source>Date of birth {born} would make the patron over {max_age}; check the year</source>
        <extracomment>{max_age} is a number of years.</extracomment>
        <translation>Con la fecha de nacimiento {born} el usuario tendría más de {max_age} años; revise el año</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="342"/>
        <source>“{email}” is not an email address: it contains a space</source>
        <extracomment>{email} is what staff typed as the email address.</extracomment>
        <translation>“{email}” no es un correo electrónico: contiene un espacio</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="345"/>
        <source>“{email}” is not an email address: it needs exactly one @</source>
        <translation>“{email}” no es un correo electrónico: debe tener una sola @</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="348"/>
        <source>“{email}” is not an email address: text is missing before or after the @</source>
        <translation>“{email}” no es un correo electrónico: falta texto antes o después de la @</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="351"/>
        <source>“{email}” is not an email address: it has misplaced dots</source>
        <translation>“{email}” no es un correo electrónico: tiene puntos mal ubicados</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="354"/>
        <source>“{email}” is not an email address (expected something like name@example.org)</source>
        <translation>“{email}” no es un correo electrónico (se espera algo como nombre@ejemplo.org)</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="359"/>
        <source>“{phone}” is not a phone number: use digits, spaces, dashes and a leading +</source>
        <extracomment>{phone} is what staff typed as the phone number.</extracomment>
        <translation>“{phone}” no es un número de teléfono: use dígitos, espacios, guiones y un + inicial</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="363"/>
        <source>“{phone}” is too short for a phone number ({digits} digits; at least 7)</source>
        <extracomment>{digits} is how many digits were typed.</extracomment>
        <translation>“{phone}” es demasiado corto para un teléfono ({digits} dígitos; al menos 7)</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="366"/>
        <source>“{phone}” is too long for a phone number ({digits} digits; at most 15)</source>
        <translation>“{phone}” es demasiado largo para un teléfono ({digits} dígitos; como máximo 15)</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="369"/>
        <source>Give a phone number or an email address (at least one)</source>
        <translation>Indique un teléfono o un correo electrónico (al menos uno)</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="373"/>
        <source>No patron category fits age {age}</source>
        <extracomment>{age} is the patron&apos;s age in years.</extracomment>
        <translation>Ninguna categoría de usuario corresponde a la edad {age}</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="375"/>
        <source>A guardian&apos;s name is required: the patron is {age}, under {adult_age}</source>
        <extracomment>{age} and {adult_age} are ages in years.</extracomment>
        <translation>El nombre del tutor es obligatorio: el usuario tiene {age} años, menos de {adult_age}</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="379"/>
        <source>Guardian&apos;s card: {problem}</source>
        <extracomment>{problem} is one of the &quot;“{scanned}” …&quot; sentences about a scanned number.</extracomment>
        <translation>Tarjeta del tutor: {problem}</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="380"/>
        <source>The patron must agree to the privacy notice before signing up</source>
        <translation>El usuario debe aceptar el aviso de privacidad antes de inscribirse</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="392"/>
        <source>This store has no device identity; open it with Popup to create one</source>
        <translation>Los datos de este equipo no tienen identidad de dispositivo; ábralos con Popup para crearla</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="402"/>
        <source>The card block {first}-{last} overlaps a block this device holds</source>
        <translation>El bloque de tarjetas {first}-{last} se superpone con uno que ya tiene este equipo</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="414"/>
        <source>{count} patron(s) on this laptop may be the same person; open the existing patron or create the new one anyway</source>
        <extracomment>{count} is how many patrons on this laptop look like the one being signed up.</extracomment>
        <translation>{count} usuario(s) de este equipo pueden ser la misma persona; abra el usuario existente o cree el nuevo de todos modos</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="395"/>
        <source>Internal error: the temporary card number and action seq differ</source>
        <translation>Error interno: el número de tarjeta temporal y el número de acción no coinciden</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="399"/>
        <source>A card block must run from a number up to a larger one ({first}-{last})</source>
        <extracomment>{first} and {last} are card sequence numbers.</extracomment>
        <translation>Un bloque de tarjetas debe ir de un número a otro mayor ({first}-{last})</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="406"/>
        <source>No patron with temporary card “{card}” on this laptop</source>
        <extracomment>{card} is a card number.</extracomment>
        <translation>No hay ningún usuario con la tarjeta temporal “{card}” en este equipo</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="409"/>
        <source>Card “{card}” is not a temporary card</source>
        <translation>La tarjeta “{card}” no es temporal</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="410"/>
        <source>Card “{card}” already belongs to a patron on this laptop</source>
        <translation>La tarjeta “{card}” ya pertenece a un usuario de este equipo</translation>
    </message>
</context>
<context>
    <name>staff</name>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1253"/>
        <source>Nobody is signed in. Sign in with your login or badge and your PIN.</source>
        <translation>No hay nadie con la sesión iniciada. Inicie sesión con su usuario o credencial y su PIN.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1257"/>
        <source>Please ask a staff member.</source>
        <extracomment>Said to a volunteer who tries something only staff may do.</extracomment>
        <translation>Por favor, pregunte a un miembro del personal.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1258"/>
        <source>Your account may not do this.</source>
        <translation>Su cuenta no puede hacer esto.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1259"/>
        <source>No staff member here has that login or badge. Check it and try again.</source>
        <translation>Ningún miembro del personal de este equipo tiene ese usuario o credencial. Compruébelo e inténtelo de nuevo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1263"/>
        <source>Wrong PIN. Try again in {wait} s.</source>
        <extracomment>{wait} is a number of seconds (0: try again now).</extracomment>
        <translation>PIN incorrecto. Vuelva a intentarlo dentro de {wait} s.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1264"/>
        <source>Wrong PIN. Try again.</source>
        <translation>PIN incorrecto. Vuelva a intentarlo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1266"/>
        <source>Too many wrong PINs. Wait {wait} s before the next try.</source>
        <extracomment>{wait} is a number of seconds.</extracomment>
        <translation>Demasiados PIN incorrectos. Espere {wait} s antes del próximo intento.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1269"/>
        <source>Too many wrong PINs: this account is locked on this laptop. Another staff member can unlock it.</source>
        <translation>Demasiados PIN incorrectos: esta cuenta está bloqueada en este equipo. Otro miembro del personal puede desbloquearla.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1274"/>
        <source>This account may no longer sign in on this laptop. Ask the administrator.</source>
        <translation>Esta cuenta ya no puede iniciar sesión en este equipo. Pregunte al administrador.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1277"/>
        <source>Only a staff member can approve this. Ask a staff member for their PIN.</source>
        <translation>Solo un miembro del personal puede aprobar esto. Pida a un miembro del personal que escriba su PIN.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1280"/>
        <source>This laptop already has staff accounts: sign in with one of them.</source>
        <translation>Este equipo ya tiene cuentas de personal: inicie sesión con una de ellas.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1283"/>
        <source>A login is 1 to 64 characters.</source>
        <translation>Un usuario tiene de 1 a 64 caracteres.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1284"/>
        <source>Type the staff member&apos;s name (at most 200 characters).</source>
        <translation>Escriba el nombre del miembro del personal (200 caracteres como máximo).</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1287"/>
        <source>A PIN is 4 to 12 digits.</source>
        <translation>Un PIN tiene de 4 a 12 dígitos.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1288"/>
        <source>That account is not locked.</source>
        <translation>Esa cuenta no está bloqueada.</translation>
    </message>
</context>
<context>
    <name>store</name>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="920"/>
        <source>The store file {path} is damaged or is not a Popup store, so Popup cannot open it. It was not changed. Quit Popup and run “popup recover”: it keeps this file and the files beside it, and copies everything that can still be read. Do not move or delete these files by hand.</source>
        <translation>El archivo del almacén {path} está dañado o no es un almacén de Popup, así que Popup no puede abrirlo. No se modificó. Cierre Popup y ejecute «popup recover»: conserva este archivo y los que están a su lado, y copia todo lo que aún se pueda leer. No mueva ni borre estos archivos a mano.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="928"/>
        <source>The store file {path} is damaged: its integrity check found {count} problem(s). It was not changed. Quit Popup and run “popup recover”: it keeps this file and the files beside it, and copies everything that can still be read. Do not move or delete these files by hand.</source>
        <extracomment>{count} is a number of problems.</extracomment>
        <translation>El archivo del almacén {path} está dañado: su comprobación de integridad encontró {count} problema(s). No se modificó. Cierre Popup y ejecute «popup recover»: conserva este archivo y los que están a su lado, y copia todo lo que aún se pueda leer. No mueva ni borre estos archivos a mano.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="935"/>
        <source>The store file {path} is empty (0 bytes), so it is damaged or is not a Popup store. It was not changed. Quit Popup and run “popup recover”: it keeps this file and starts a new store.</source>
        <translation>El archivo del almacén {path} está vacío (0 bytes), así que está dañado o no es un almacén de Popup. No se modificó. Cierre Popup y ejecute «popup recover»: conserva este archivo y crea un almacén nuevo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="942"/>
        <source>The store file {path} is intact, but the journal beside it ({journal}) belongs to another copy of the file, so together they look damaged. Nothing was changed. Quit Popup and run “popup recover”: it sets that journal aside, keeping it, and opens the store.</source>
        <extracomment>{journal} is the store&apos;s journal file (its name ends in -wal).</extracomment>
        <translation>El archivo del almacén {path} está intacto, pero el diario que está a su lado ({journal}) pertenece a otra copia del archivo, y juntos parecen dañados. No se modificó nada. Cierre Popup y ejecute «popup recover»: aparta ese diario, conservándolo, y abre el almacén.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="949"/>
        <source>The store file {path} is missing, but its journal {journal} is still there and may hold confirmed actions. If you moved the store file, put it back beside its journal and start Popup again; otherwise run “popup recover”, which keeps the journal and starts a new store.</source>
        <translation>Falta el archivo del almacén {path}, pero su diario {journal} sigue ahí y puede contener acciones confirmadas. Si movió el archivo del almacén, vuelva a ponerlo junto a su diario e inicie Popup de nuevo; si no, ejecute «popup recover», que conserva el diario y crea un almacén nuevo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="956"/>
        <source>The file {path} holds a database that is not a Popup store. It was not changed. Start Popup with another data folder, or run “popup recover” to set the file aside (keeping it) and start a new store.</source>
        <translation>El archivo {path} contiene una base de datos que no es un almacén de Popup. No se modificó. Inicie Popup con otra carpeta de datos, o ejecute «popup recover» para apartar el archivo (conservándolo) y crear un almacén nuevo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="963"/>
        <source>The store file {path} was written by a newer version of Popup (schema {revision}). Install that version again; this file was not changed.</source>
        <extracomment>{revision} is a schema name, e.g. 0005.</extracomment>
        <translation>El archivo del almacén {path} lo escribió una versión más reciente de Popup (esquema {revision}). Vuelva a instalar esa versión; este archivo no se modificó.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="968"/>
        <source>The store file {path} is locked by another program. Close any other Popup window or database tool using it, then start Popup again. If it is still locked after restarting the computer, run “popup recover”.</source>
        <translation>Otro programa tiene bloqueado el archivo del almacén {path}. Cierre cualquier otra ventana de Popup o herramienta de base de datos que lo use e inicie Popup de nuevo. Si sigue bloqueado después de reiniciar el equipo, ejecute «popup recover».</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="974"/>
        <source>Popup or another program is still using the store file {path}. Close every Popup window and any database tool, then run “popup recover” again. Nothing was changed.</source>
        <translation>Popup u otro programa sigue usando el archivo del almacén {path}. Cierre todas las ventanas de Popup y cualquier herramienta de base de datos, y vuelva a ejecutar «popup recover». No se modificó nada.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="980"/>
        <source>The file {path} is read-only, so Popup cannot save anything. It is not damaged. Make it writable for your user account (in its properties or permissions), then start Popup again.</source>
        <translation>El archivo {path} es de solo lectura, así que Popup no puede guardar nada. No está dañado. Permita que su cuenta de usuario escriba en él (en sus propiedades o permisos) e inicie Popup de nuevo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="986"/>
        <source>The data folder {folder} is read-only, so Popup cannot keep its store there. Nothing is damaged. Make the folder writable for your user account, or start Popup with another data folder (--home).</source>
        <translation>La carpeta de datos {folder} es de solo lectura, así que Popup no puede guardar allí su almacén. Nada está dañado. Permita que su cuenta de usuario escriba en la carpeta, o inicie Popup con otra carpeta de datos (--home).</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="992"/>
        <source>There is a folder where the store file should be: {path}. Popup did not change it. Move or rename that folder, then start Popup again.</source>
        <translation>Hay una carpeta donde debería estar el archivo del almacén: {path}. Popup no la modificó. Mueva o cambie el nombre de esa carpeta e inicie Popup de nuevo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="998"/>
        <source>Popup backs up the store before updating it, but there is not enough free disk space in {folder}: {needed_mb} MB needed, {free_mb} MB free. Nothing was changed. Free some space, then start Popup again.</source>
        <extracomment>{needed_mb} and {free_mb} are numbers of megabytes.</extracomment>
        <translation>Popup hace una copia de seguridad del almacén antes de actualizarlo, pero no hay suficiente espacio libre en {folder}: se necesitan {needed_mb} MB y hay {free_mb} MB libres. No se modificó nada. Libere espacio e inicie Popup de nuevo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1004"/>
        <source>Popup could not back up the store to {folder} before updating it: the disk refused the copy. Nothing was changed and no partial copy was left. Check that the disk has room and works, then start Popup again.</source>
        <translation>Popup no pudo hacer una copia de seguridad del almacén en {folder} antes de actualizarlo: el disco rechazó la copia. No se modificó nada y no quedó ninguna copia parcial. Compruebe que el disco tiene espacio y funciona, e inicie Popup de nuevo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1010"/>
        <source>The recovery needs {needed_mb} MB of free disk space in {folder} for its copies, and only {free_mb} MB are free. Nothing was changed. Free some space, then run “popup recover” again.</source>
        <translation>La recuperación necesita {needed_mb} MB de espacio libre en {folder} para sus copias, y solo hay {free_mb} MB libres. No se modificó nada. Libere espacio y vuelva a ejecutar «popup recover».</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1016"/>
        <source>A recovery of the store file {path} was interrupted. Run “popup recover” again to finish it; nothing is lost.</source>
        <translation>Se interrumpió una recuperación del archivo del almacén {path}. Vuelva a ejecutar «popup recover» para terminarla; no se pierde nada.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1021"/>
        <source>The file {path} is damaged or is not a Popup store, so it cannot replace the store. Nothing was changed.</source>
        <translation>El archivo {path} está dañado o no es un almacén de Popup, así que no puede sustituir al almacén. No se modificó nada.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1026"/>
        <source>The disk that holds {path} is full, so Popup cannot start. Free some space on this laptop, then start Popup again.</source>
        <translation>El disco que contiene {path} está lleno, así que Popup no puede iniciarse. Libere espacio en este equipo e inicie Popup de nuevo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1031"/>
        <source>The disk reported an error while Popup was using {path}. Copy the data folder to a safe place and check the disk, then start Popup again.</source>
        <translation>El disco informó de un error mientras Popup usaba {path}. Copie la carpeta de datos a un lugar seguro, revise el disco e inicie Popup de nuevo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1036"/>
        <source>The store file {path} cannot keep the journal Popup needs for safe saving (is it on a network drive?). Keep the data folder on this laptop&apos;s own disk.</source>
        <translation>El archivo del almacén {path} no puede mantener el diario que Popup necesita para guardar con seguridad (¿está en una unidad de red?). Mantenga la carpeta de datos en el disco propio de este equipo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1042"/>
        <source>The store file {path} cannot be opened: {reason}</source>
        <extracomment>{reason} is the operating system&apos;s own (English) words.</extracomment>
        <translation>No se puede abrir el archivo del almacén {path}: {reason}</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1047"/>
        <source>The key in {where} is not the key of the store file {path}, so Popup cannot read the store. Put back this laptop&apos;s own key (or key file) and start Popup again. Nothing was changed.</source>
        <translation>La clave de {where} no es la clave del archivo del almacén {path}, así que Popup no puede leer el almacén. Vuelva a poner la clave propia de este equipo (o su archivo de clave) e inicie Popup de nuevo. No se modificó nada.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1053"/>
        <source>That passphrase does not open the store {path}. Nothing was changed: start Popup again and type the passphrase chosen for this laptop.</source>
        <translation>Esa frase de paso no abre el almacén {path}. No se modificó nada: inicie Popup de nuevo y escriba la frase de paso elegida para este equipo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1058"/>
        <source>The store {path} is locked with a passphrase, and none was typed. Start Popup again and type it when asked.</source>
        <translation>El almacén {path} está protegido con una frase de paso y no se escribió ninguna. Inicie Popup de nuevo y escríbala cuando se le pida.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1063"/>
        <source>Choose a passphrase of at least {count} characters.</source>
        <translation>Elija una frase de paso de al menos {count} caracteres.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1066"/>
        <source>This computer has no credential store Popup can use ({backend}), and the store&apos;s key was kept in one. Start Popup in the session where it was set up.</source>
        <translation>Este equipo no tiene un almacén de credenciales que Popup pueda usar ({backend}), y la clave del almacén se guardó en uno. Inicie Popup en la sesión donde se configuró.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1071"/>
        <source>The computer&apos;s credential store ({backend}) did not answer, so the store&apos;s key could not be read or kept. Unlock it (sign in to the session again) and start Popup again.</source>
        <translation>El almacén de credenciales del equipo ({backend}) no respondió, así que no se pudo leer ni guardar la clave del almacén. Desbloquéelo (vuelva a iniciar la sesión) e inicie Popup de nuevo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1077"/>
        <source>The key of the store {path} is no longer in this computer&apos;s credential store, so Popup cannot read the store. Nothing was changed; ask the administrator.</source>
        <translation>La clave del almacén {path} ya no está en el almacén de credenciales de este equipo, así que Popup no puede leer el almacén. No se modificó nada; consulte al administrador.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1082"/>
        <source>The store&apos;s key file {path} is missing or cannot be read, so Popup cannot read the store. Put the key file back (is its drive plugged in?) and start Popup again.</source>
        <translation>Falta el archivo de clave del almacén {path} o no se puede leer, así que Popup no puede leer el almacén. Vuelva a poner el archivo de clave (¿está conectada su unidad?) e inicie Popup de nuevo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1088"/>
        <source>The store&apos;s key file {path} cannot be written. Choose a folder you can write.</source>
        <translation>No se puede escribir el archivo de clave del almacén {path}. Elija una carpeta en la que pueda escribir.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1091"/>
        <source>The file {path}, which says where the store&apos;s key is kept, cannot be read. Nothing was changed; ask the administrator.</source>
        <translation>No se puede leer el archivo {path}, que indica dónde se guarda la clave del almacén. No se modificó nada; consulte al administrador.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1097"/>
        <source>The store file {path} is encrypted, but the file that says where its key is kept, {record}, is missing. Nothing was changed: restore {record} from where it was copied (with the store, a backup drive) and start Popup again. Without its key the store cannot be read.</source>
        <extracomment>{record} is the key record file (&lt;store&gt;.cipher.json) that is not there.</extracomment>
        <translation>El archivo del almacén {path} está cifrado, pero falta el archivo que indica dónde se guarda su clave, {record}. No se modificó nada: restaure {record} desde donde se copió (junto con el almacén, una unidad de copias de seguridad) e inicie Popup de nuevo. Sin su clave no se puede leer el almacén.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1104"/>
        <source>A key file {path} is already there, and Popup never writes over a key: it may be the key of a store. Nothing was changed: move it away only if no store needs it, or choose another place for the new key (POPUP_KEY_FILE).</source>
        <translation>Ya existe un archivo de clave {path}, y Popup nunca escribe encima de una clave: puede ser la clave de un almacén. No se modificó nada: apártelo solo si ningún almacén lo necesita, o elija otro lugar para la clave nueva (POPUP_KEY_FILE).</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1111"/>
        <source>POPUP_KEY_STORE is “{value}”: it must be keyring, file or passphrase.</source>
        <extracomment>{value} is what POPUP_KEY_STORE was set to.</extracomment>
        <translation>POPUP_KEY_STORE vale «{value}»: debe ser keyring, file o passphrase.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1115"/>
        <source>The encrypted copy of the store {path} did not match it, so the store was not replaced and is still unencrypted. Quit Popup and run “popup recover”.</source>
        <translation>La copia cifrada del almacén {path} no coincidía con él, así que el almacén no se sustituyó y sigue sin cifrar. Cierre Popup y ejecute «popup recover».</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1122"/>
        <source>Not saved: the disk is full. Free some space on this laptop, then try again.</source>
        <translation>No se guardó: el disco está lleno. Libere espacio en este equipo y vuelva a intentarlo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1125"/>
        <source>Not saved: another program is holding the store locked. Close any other Popup window or database tool, then try again.</source>
        <translation>No se guardó: otro programa tiene bloqueado el almacén de datos. Cierre cualquier otra ventana de Popup o herramienta de base de datos y vuelva a intentarlo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1130"/>
        <source>Not saved: the store file {path} has become read-only. Make it writable for your user account, then try again.</source>
        <translation>No se guardó: el archivo del almacén {path} ha pasado a ser de solo lectura. Permita que su cuenta de usuario escriba en él y vuelva a intentarlo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1135"/>
        <source>Not saved: the disk reported an error. Try again; if it happens again, quit Popup, copy the data folder to a safe place and check the disk.</source>
        <translation>No se guardó: el disco informó de un error. Vuelva a intentarlo; si vuelve a ocurrir, cierre Popup, copie la carpeta de datos a un lugar seguro y revise el disco.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1140"/>
        <source>Not saved: the store file turned out to be damaged. Quit Popup and run “popup recover”.</source>
        <translation>No se guardó: resultó que el archivo del almacén está dañado. Cierre Popup y ejecute «popup recover».</translation>
    </message>
</context>
<context>
    <name>store_key</name>
    <message>
        <location filename="../../src/popup/ui/store_key.py" line="127"/>
        <source>Popup: where to keep the store&apos;s key</source>
        <translation>Popup: dónde guardar la clave del almacén</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/store_key.py" line="130"/>
        <source>This computer has no credential store Popup can use ({backend}), so the key that encrypts Popup&apos;s store cannot be kept there.</source>
        <translation>Este equipo no tiene un almacén de credenciales que Popup pueda usar ({backend}), así que la clave que cifra el almacén de Popup no puede guardarse allí.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/store_key.py" line="137"/>
        <source>Choose where to keep it. A key file is kept beside the store, readable only by you: the store opens by itself, but a thief who takes the laptop takes the key too. A passphrase is asked at every start and kept nowhere: the store stays locked without it.</source>
        <translation>Elija dónde guardarla. Un archivo de clave se guarda junto al almacén y solo usted puede leerlo: el almacén se abre solo, pero quien robe el equipo se lleva también la clave. Una frase de paso se pide en cada inicio y no se guarda en ningún sitio: sin ella el almacén sigue cerrado.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/store_key.py" line="146"/>
        <source>Key &amp;file</source>
        <translation>&amp;Archivo de clave</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/store_key.py" line="149"/>
        <source>&amp;Passphrase</source>
        <translation>&amp;Frase de paso</translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <location filename="../../src/popup/ui/sync/page.py" line="52"/>
        <source>Sync</source>
        <translation>Sincronizar</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="428"/>
        <source>Not connected to a sync server</source>
        <translation>Sin servidor de sincronización</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="429"/>
        <source>Checking the sync server…</source>
        <translation>Comprobando el servidor de sincronización…</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="430"/>
        <source>Online</source>
        <translation>En línea</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="431"/>
        <source>Offline</source>
        <translation>Sin conexión</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="433"/>
        <source>{count} waiting to upload</source>
        <extracomment>{count} is a number of actions not yet uploaded.</extracomment>
        <translation>{count} por subir</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="434"/>
        <source>last sync never</source>
        <translation>última sinc. nunca</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="435"/>
        <source>last sync just now</source>
        <translation>última sinc. hace un momento</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="437"/>
        <source>last sync {count} min ago</source>
        <extracomment>{count} is a number of minutes.</extracomment>
        <translation>última sinc. hace {count} min</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="439"/>
        <source>last sync {count} h ago</source>
        <extracomment>{count} is a number of hours.</extracomment>
        <translation>última sinc. hace {count} h</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="441"/>
        <source>last sync {count} days ago</source>
        <extracomment>{count} is a number of days.</extracomment>
        <translation>última sinc. hace {count} d</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="443"/>
        <source>{count} to review</source>
        <extracomment>{count} is a number of inbox entries staff have not marked done.</extracomment>
        <translation>{count} por revisar</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="444"/>
        <source>this laptop&apos;s clock is {minutes} min behind</source>
        <translation>el reloj de este equipo va {minutes} min atrasado</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="445"/>
        <source>this laptop&apos;s clock is {minutes} min ahead</source>
        <translation>el reloj de este equipo va {minutes} min adelantado</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="457"/>
        <source>The sync server address “{url}” must start with http:// or https://.</source>
        <extracomment>{url} is the server address staff typed.</extracomment>
        <translation>La dirección del servidor de sincronización “{url}” debe empezar por http:// o https://.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="460"/>
        <source>This laptop is not enrolled with a sync server.</source>
        <translation>Este equipo no está registrado en un servidor de sincronización.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="464"/>
        <source>The sync server did not answer within {seconds} seconds.</source>
        <extracomment>{seconds} is a number of seconds.</extracomment>
        <translation>El servidor de sincronización no respondió en {seconds} segundos.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="467"/>
        <source>Cannot reach the sync server at {url} (no network, or it is down).</source>
        <translation>No se puede conectar con el servidor de sincronización en {url} (no hay red o el servidor no funciona).</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="471"/>
        <source>The exchange with the sync server failed: {problem}</source>
        <extracomment>{problem} is the network library&apos;s own (English) description.</extracomment>
        <translation>Falló la comunicación con el servidor de sincronización: {problem}</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="475"/>
        <source>The sync server sent an unreadable answer to {path} (status {status}).</source>
        <extracomment>{path} is a server address path, {status} an HTTP status number.</extracomment>
        <translation>El servidor de sincronización envió una respuesta ilegible a {path} (estado {status}).</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="479"/>
        <source>The sync server is temporarily unavailable: {message}</source>
        <extracomment>{message} is the server&apos;s own (English) message.</extracomment>
        <translation>El servidor de sincronización no está disponible por el momento: {message}</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="482"/>
        <source>The sync server does not recognise this laptop. Enroll it again with a new code from the administrator; the data on this laptop is kept.</source>
        <translation>El servidor de sincronización no reconoce este equipo. Regístrelo de nuevo con un código nuevo del administrador; los datos de este equipo se conservan.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="487"/>
        <source>This laptop was revoked at the sync server, so it cannot upload or download. Its data stays on the laptop; ask the administrator for a new enrollment code.</source>
        <translation>Se revocó el acceso de este equipo en el servidor de sincronización, así que no puede subir ni descargar. Sus datos se quedan en el equipo; pida al administrador un código de registro nuevo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="492"/>
        <source>The sync server refused this laptop: {message}</source>
        <translation>El servidor de sincronización rechazó este equipo: {message}</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="494"/>
        <source>The sync server keeps asking for action {seq}; the upload cannot continue. Tell the administrator.</source>
        <extracomment>{seq} is the number of an action of this laptop.</extracomment>
        <translation>El servidor de sincronización sigue pidiendo la acción {seq}; la subida no puede continuar. Avise al administrador.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="500"/>
        <source>This laptop&apos;s actions do not match what the sync server already has from it (its data was probably restored from an older copy), so nothing more can be uploaded. Ask the administrator for a new enrollment code and enroll this laptop again; the actions waiting here then upload.</source>
        <extracomment>The server already holds other actions under this laptop&apos;s numbers (409 SEQ_CONFLICT).</extracomment>
        <translation>Las acciones de este equipo no coinciden con lo que el servidor de sincronización ya tiene de él (probablemente sus datos se restauraron de una copia anterior), así que no se puede subir nada más. Pida al administrador un código de registro nuevo y vuelva a registrar este equipo; las acciones pendientes se subirán entonces.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="507"/>
        <source>Type the enrollment code the administrator gave you.</source>
        <translation>Escriba el código de registro que le dio el administrador.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="511"/>
        <source>The code “{code}” is not valid at {url}: it is unknown, already used or expired. Ask the administrator for a new one.</source>
        <extracomment>{code} is the code staff typed; {url} the sync server&apos;s address.</extracomment>
        <translation>El código “{code}” no es válido en {url}: es desconocido, ya se usó o venció. Pida uno nuevo al administrador.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="517"/>
        <source>The sync server refused the enrollment: {message}</source>
        <extracomment>{message} is the server&apos;s own (English) message.</extracomment>
        <translation>El servidor de sincronización rechazó el registro: {message}</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="521"/>
        <source>The sync server&apos;s enrollment answer lacks {field}.</source>
        <extracomment>{field} is the name of a field of the server&apos;s answer, e.g. &apos;token&apos;.</extracomment>
        <translation>A la respuesta de registro del servidor de sincronización le falta {field}.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="525"/>
        <source>This laptop&apos;s upload is malformed ({problem}); nothing was sent. Tell the administrator.</source>
        <extracomment>{problem} names the field of the upload that does not fit (English, for the admin).</extracomment>
        <translation>Lo que este equipo iba a subir está mal formado ({problem}); no se envió nada. Avise al administrador.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="530"/>
        <source>The sync server answered the upload without any results; it will be tried again later.</source>
        <translation>El servidor de sincronización respondió a la subida sin ningún resultado; se volverá a intentar más tarde.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="535"/>
        <source>The sync server&apos;s answer for action {seq} names another action (different id). Nothing was recorded; tell the administrator.</source>
        <translation>La respuesta del servidor de sincronización para la acción {seq} nombra otra acción (otro identificador). No se registró nada; avise al administrador.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="540"/>
        <source>The sync server expects action {seq} of this enrollment, which was uploaded under the laptop&apos;s earlier enrollment. Nothing was skipped; tell the administrator.</source>
        <translation>El servidor de sincronización espera la acción {seq} de este registro, que se subió con el registro anterior del equipo. No se omitió nada; avise al administrador.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="545"/>
        <source>The sync server expects action {seq}, which this laptop no longer has. Nothing was skipped; tell the administrator.</source>
        <translation>El servidor de sincronización espera la acción {seq}, que este equipo ya no tiene. No se omitió nada; avise al administrador.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="550"/>
        <source>The sync server keeps restarting the download from scratch; it will be tried again later. Tell the administrator if this goes on.</source>
        <translation>El servidor de sincronización sigue reiniciando la descarga desde cero; se volverá a intentar más tarde. Avise al administrador si esto continúa.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="556"/>
        <source>The sync server address {url} is not secure (http:// sends the laptop&apos;s key and patrons&apos; data over the network unprotected); nothing was sent. Use its https:// address, or ask the administrator (who can allow it with POPUP_ALLOW_INSECURE_HTTP=1).</source>
        <extracomment>{url} is the sync server&apos;s address. POPUP_ALLOW_INSECURE_HTTP is a setting&apos;s name.</extracomment>
        <translation>La dirección del servidor de sincronización {url} no es segura (http:// envía la clave del equipo y los datos de los usuarios por la red sin protección); no se envió nada. Use su dirección https:// o consulte al administrador (que puede permitirlo con POPUP_ALLOW_INSECURE_HTTP=1).</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="564"/>
        <source>The sync server&apos;s identity could not be verified at {url} (its security certificate was not accepted), so nothing was sent. Check the address and the laptop&apos;s date, and tell the administrator; do not sync on this network until it is fixed.</source>
        <extracomment>{url} is the sync server&apos;s address.</extracomment>
        <translation>No se pudo verificar la identidad del servidor de sincronización en {url} (no se aceptó su certificado de seguridad), así que no se envió nada. Compruebe la dirección y la fecha del equipo, y avise al administrador; no sincronice en esta red hasta que se resuelva.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="570"/>
        <source>This store is not the one this laptop was enrolled with (it was replaced or started afresh), so nothing was uploaded. Run “popup recover”, or enroll this laptop again with a new code from the administrator.</source>
        <translation>Este almacén no es con el que se registró este equipo (se sustituyó o se creó de nuevo), así que no se subió nada. Ejecute «popup recover» o registre este equipo de nuevo con un código nuevo del administrador.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="576"/>
        <source>This laptop&apos;s key for the sync server has expired, so it cannot upload or download. Enroll it again with a new code from the administrator; the data on this laptop is kept.</source>
        <translation>La clave de este equipo para el servidor de sincronización ha caducado, así que no puede subir ni descargar. Regístrelo de nuevo con un código nuevo del administrador; los datos de este equipo se conservan.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="582"/>
        <source>A sync is already running on this laptop; this one was not started.</source>
        <translation>Ya hay una sincronización en curso en este equipo; esta no se inició.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="594"/>
        <source>The item was still on loan to another patron when it was checked out here. The checkout was accepted and the other loan was closed at the time of this checkout.</source>
        <translation>El ejemplar seguía prestado a otro usuario cuando se prestó aquí. Se aceptó el préstamo y el otro préstamo se cerró en el momento de este.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="599"/>
        <source>The patron was blocked at the consortium when this was done. It was accepted.</source>
        <translation>El usuario estaba bloqueado en el consorcio cuando se hizo esto. Se aceptó.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="603"/>
        <source>The patron&apos;s card had expired. The action was accepted.</source>
        <translation>La tarjeta del usuario estaba vencida. Se aceptó la acción.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="606"/>
        <source>The server does not know this item barcode, so the action was not recorded there.</source>
        <translation>El servidor no conoce este código de barras de ejemplar, así que la acción no se registró allí.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="610"/>
        <source>The server does not know this patron card, so the action was not recorded there.</source>
        <translation>El servidor no conoce esta tarjeta de usuario, así que la acción no se registró allí.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="614"/>
        <source>The loan had already been renewed as often as allowed.</source>
        <translation>El préstamo ya se había renovado todas las veces permitidas.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="617"/>
        <source>This sign-up looks like a patron who is already registered.</source>
        <translation>Esta inscripción parece corresponder a un usuario ya registrado.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="620"/>
        <source>The returned item belongs to, or is needed at, another library.</source>
        <translation>El ejemplar devuelto pertenece a otra biblioteca o se necesita allí.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="623"/>
        <source>The returned item is on hold for a patron.</source>
        <translation>El ejemplar devuelto está reservado para un usuario.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="624"/>
        <source>This item was returned here and a patron of this library is waiting for it.</source>
        <translation>Este ejemplar se devolvió aquí y un usuario de esta biblioteca lo está esperando.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="628"/>
        <source>This item was returned here and a patron at {library} is waiting for it.</source>
        <extracomment>{library} is a library&apos;s code, e.g. EAST.</extracomment>
        <translation>Este ejemplar se devolvió aquí y un usuario de {library} lo está esperando.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="631"/>
        <source>This item was lent here while another patron was waiting for it.</source>
        <translation>Este ejemplar se prestó aquí mientras otro usuario lo esperaba.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="635"/>
        <source>This item was returned here, but it belongs to, or is needed at, {library}.</source>
        <extracomment>{library} is a library&apos;s code, e.g. EAST.</extracomment>
        <translation>Este ejemplar se devolvió aquí, pero pertenece a {library} o se necesita allí.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="640"/>
        <source>Staff overrode this at the desk; the reason given was “{reason}”.</source>
        <extracomment>Added after what happened when staff overrode a warning for this action at the desk; {reason} is what they typed.</extracomment>
        <translation>El personal lo autorizó en el mostrador; el motivo dado fue «{reason}».</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="643"/>
        <source>This laptop&apos;s clock was wrong when the action was made; the action keeps the time the laptop gave it.</source>
        <translation>El reloj de este equipo estaba mal cuando se hizo la acción; la acción conserva la hora que le dio el equipo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="648"/>
        <source>The server had no record of the loan this action refers to.</source>
        <translation>El servidor no tenía registro del préstamo al que se refiere esta acción.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="651"/>
        <source>The item was returned here but the server had it as not on loan.</source>
        <translation>El ejemplar se devolvió aquí, pero el servidor lo tenía como no prestado.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="654"/>
        <source>The temporary card number given at sign-up was replaced by a real card number.</source>
        <translation>El número de tarjeta temporal dado en la inscripción se reemplazó por un número de tarjeta definitivo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="658"/>
        <source>The card used had been reported lost before this was done, so it was not recorded.</source>
        <translation>La tarjeta usada se había declarado perdida antes de hacerse esto, así que no se registró.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="662"/>
        <source>The loan was already due on that date (renewed the same day elsewhere), so this renewal changed nothing and used no renewal.</source>
        <translation>El préstamo ya vencía en esa fecha (se renovó el mismo día en otro equipo), así que esta renovación no cambió nada y no gastó ninguna renovación.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="667"/>
        <source>The checkout filled the patron&apos;s hold: they picked it up.</source>
        <translation>El préstamo cumplió la reserva del usuario: ya la retiró.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="670"/>
        <source>The patron&apos;s hold had already been filled by another copy before this checkout. The loan was accepted.</source>
        <translation>La reserva del usuario ya se había cumplido con otro ejemplar antes de este préstamo. Se aceptó el préstamo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="675"/>
        <source>The hold this was meant for had expired or was cancelled by then. The action was accepted.</source>
        <translation>Para entonces, la reserva a la que iba destinado esto había vencido o se había cancelado. Se aceptó la acción.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="680"/>
        <source>The library system refused this action when the server passed it on; its reason is in the message.</source>
        <translation>El sistema de la biblioteca rechazó esta acción cuando el servidor se la pasó; el motivo está en el mensaje.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="685"/>
        <source>The server passed this on to the library system but its answer was lost, and it could not check whether it was recorded there.</source>
        <translation>El servidor se lo pasó al sistema de la biblioteca pero su respuesta se perdió, y no pudo comprobar si quedó registrado allí.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="690"/>
        <source>The library system cannot be told this automatically (a waiver, or taking back something it already has).</source>
        <translation>Esto no se le puede comunicar automáticamente al sistema de la biblioteca (una condonación, o deshacer algo que ya tiene).</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="695"/>
        <source>By the time this payment reached the server the patron owed less than at the desk. The whole payment was recorded and the rest kept as a credit (a waiver only waived what was still owed).</source>
        <translation>Cuando este pago llegó al servidor, el usuario adeudaba menos que en el mostrador. Se registró el pago completo y el resto quedó como saldo a favor (una condonación solo condonó lo que aún se adeudaba).</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="701"/>
        <source>The server does not know the staff member who made this action (an account made on another server, or removed).</source>
        <translation>El servidor no conoce al miembro del personal que hizo esta acción (una cuenta creada en otro servidor, o eliminada).</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="706"/>
        <source>The staff member who made this action may not make it (a volunteer&apos;s override with no staff approval, or an account disabled by then).</source>
        <translation>El miembro del personal que hizo esta acción no puede hacerla (una excepción de un voluntario sin aprobación del personal, o una cuenta ya desactivada).</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="711"/>
        <source>The server did not accept this action.</source>
        <translation>El servidor no aceptó esta acción.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="713"/>
        <source>The server reported “{code}” for this action.</source>
        <extracomment>{code} is the server&apos;s outcome code, e.g. NEW_RULE.</extracomment>
        <translation>El servidor informó “{code}” para esta acción.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="723"/>
        <source>Check the shelf and the other patron&apos;s account; if they still have a copy, contact them.</source>
        <translation>Revise el estante y la cuenta del otro usuario; si todavía tiene un ejemplar, comuníquese con él.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="728"/>
        <source>Tell the patron about the block at their next visit.</source>
        <translation>Informe al usuario del bloqueo en su próxima visita.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="731"/>
        <source>Renew the patron&apos;s card at their next visit.</source>
        <translation>Renueve la tarjeta del usuario en su próxima visita.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="732"/>
        <source>Look at the item: re-label it or give it to cataloguing.</source>
        <translation>Revise el ejemplar: vuelva a etiquetarlo o entréguelo a catalogación.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="735"/>
        <source>Find the patron&apos;s correct card and redo the action, or register the patron.</source>
        <translation>Busque la tarjeta correcta del usuario y repita la acción, o inscriba al usuario.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="738"/>
        <source>Ask the patron to return the item, or extend it at the library if policy allows.</source>
        <translation>Pida al usuario que devuelva el ejemplar, o amplíe el plazo en la biblioteca si el reglamento lo permite.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="742"/>
        <source>Compare the two records at the consortium and merge them if they are the same person.</source>
        <translation>Compare los dos registros en el consorcio y fusiónelos si son la misma persona.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="746"/>
        <source>Put it in the transit box for the library named in the message.</source>
        <translation>Póngalo en la caja de tránsito de la biblioteca que indica el mensaje.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="749"/>
        <source>Set it aside with a hold slip for the pickup library in the message.</source>
        <translation>Apártelo con una boleta de reserva para la biblioteca de retiro que indica el mensaje.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="752"/>
        <source>Put it on the hold shelf with a hold slip.</source>
        <translation>Póngalo en el estante de reservas con una papeleta de reserva.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="754"/>
        <source>Put a hold slip in it and send it to {library} in the transit box.</source>
        <extracomment>{library} is a library&apos;s code, e.g. EAST.</extracomment>
        <translation>Póngale una papeleta de reserva y envíelo a {library} en la caja de tránsito.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="757"/>
        <source>Tell the holds staff, so that the waiting patron is looked after.</source>
        <translation>Avise al personal de reservas para que atiendan al usuario que espera.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="761"/>
        <source>Put it in the transit box for {library}.</source>
        <extracomment>{library} is a library&apos;s code, e.g. EAST.</extracomment>
        <translation>Póngalo en la caja de tránsito para {library}.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="762"/>
        <source>Set the laptop&apos;s date and time correctly in the system settings.</source>
        <translation>Corrija la fecha y la hora de este equipo en la configuración del sistema.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="765"/>
        <source>Check the item&apos;s status at the consortium and correct it there if needed.</source>
        <translation>Revise el estado del ejemplar en el consorcio y corríjalo allí si hace falta.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="768"/>
        <source>Nothing to do unless the item&apos;s status at the consortium looks wrong.</source>
        <translation>No hay nada que hacer salvo que el estado del ejemplar en el consorcio parezca incorrecto.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="771"/>
        <source>Print the new card and give it to the patron at their next visit.</source>
        <translation>Imprima la tarjeta nueva y entréguesela al usuario en su próxima visita.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="774"/>
        <source>Someone may be using a lost card: check the item and tell the patron who owns the card.</source>
        <translation>Puede que alguien esté usando una tarjeta perdida: revise el ejemplar y avise al usuario titular de la tarjeta.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="779"/>
        <source>Nothing to do: the due date the patron was given still holds.</source>
        <translation>Nada que hacer: la fecha de vencimiento que se dio al usuario sigue valiendo.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="782"/>
        <source>Nothing to do.</source>
        <translation>Nada que hacer.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="783"/>
        <source>Nothing to do unless the patron now has two copies they did not want.</source>
        <translation>Nada que hacer, salvo que el usuario tenga ahora dos ejemplares que no quería.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="786"/>
        <source>If a copy was set aside for the hold, shelve it or send it home.</source>
        <translation>Si se apartó un ejemplar para la reserva, devuélvalo al estante o envíelo a su biblioteca.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="789"/>
        <source>Record it in the library system by hand, or settle why it refused.</source>
        <translation>Regístrelo a mano en el sistema de la biblioteca, o resuelva por qué lo rechazó.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="792"/>
        <source>Look in the library system; record it there by hand if it is missing.</source>
        <translation>Búsquelo en el sistema de la biblioteca; si falta, regístrelo allí a mano.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="795"/>
        <source>Record it in the library system by hand.</source>
        <translation>Regístrelo a mano en el sistema de la biblioteca.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="796"/>
        <source>Ask the patron whether to refund the credit or keep it for later fines; the amount is in the message.</source>
        <translation>Pregunte al usuario si prefiere que se le reembolse el saldo a favor o dejarlo para multas futuras; el importe figura en el mensaje.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="801"/>
        <source>Check the item or patron by hand, and ask the administrator about the account.</source>
        <translation>Revise el ejemplar o el usuario a mano y pregunte al administrador por la cuenta.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="804"/>
        <source>A staff member should look at the patron and the item and redo the action if it was right.</source>
        <translation>Un miembro del personal debe revisar el usuario y el ejemplar y repetir la acción si era correcta.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="809"/>
        <source>Read the message, then redo the action correctly or tell the administrator.</source>
        <translation>Lea el mensaje y luego repita la acción correctamente o avise al administrador.</translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="812"/>
        <source>Read the message and tell the administrator if it is unclear.</source>
        <translation>Lea el mensaje y avise al administrador si no está claro.</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="99"/>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="71"/>
        <source>{0}, card …{1}</source>
        <extracomment>Glues the card&apos;s digits to the &quot;…&quot; before them: a narrow column wraps the patron&apos;s words, never &quot;card …&quot; from &quot;0042&quot; (a zero-width character: nothing shows). {0}: the patron&apos;s initials, e.g. &quot;A. L.&quot;; {1}: the last 4 digits of their card.</extracomment>
        <translation>{0}, tarjeta …{1}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="75"/>
        <source>card …{0}</source>
        <translation>tarjeta …{0}</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="89"/>
        <source>Code {0}. The server answered on {1}: “{2}”</source>
        <translation>Código {0}. El servidor respondió el {1}: «{2}»</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="100"/>
        <source>Item</source>
        <translation>Ejemplar</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="101"/>
        <source>Patron</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="102"/>
        <source>What happened</source>
        <translation>Qué pasó</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="103"/>
        <source>What to do</source>
        <translation>Qué hacer</translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="125"/>
        <source>done</source>
        <translation>resuelto</translation>
    </message>
</context>
</TS>
