<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>ApprovalDialog</name>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="57"/>
        <source>Please ask a staff member to approve this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="78"/>
        <source>For the staff member:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="92"/>
        <source>Staff login or badge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="94"/>
        <source>Staff PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="99"/>
        <source>Reason for the override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="100"/>
        <source>e.g. the patron&apos;s ID was checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="102"/>
        <source>Staff &amp;login or badge:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="103"/>
        <source>Staff &amp;PIN:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="104"/>
        <source>&amp;Reason (required):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="129"/>
        <source>Cancel (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="129"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="131"/>
        <source>&amp;Approve (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/approval.py" line="131"/>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BandCounter</name>
    <message>
        <location filename="../../src/popup/ui/events/counters.py" line="88"/>
        <source>Ages {0}</source>
        <extracomment>Keyboard shortcuts exist for the first nine bands: Ctrl+n adds, Alt+n takes one off. Point sizes of the band&apos;s name, the + button&apos;s shortcut line and the − button, at full width; and the smallest any of them shrinks to.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/counters.py" line="94"/>
        <source>Count for ages {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/counters.py" line="96"/>
        <source>Add one, ages {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/counters.py" line="115"/>
        <source>Take one off, ages {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <location filename="../../src/popup/ui/feedback.py" line="104"/>
        <source>Last scan result</source>
        <extracomment>Background / text colours: green, amber, red, each readable with its text colour (WCAG AA).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/feedback.py" line="117"/>
        <source>Ready to scan</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CameraView</name>
    <message>
        <location filename="../../src/popup/ui/camera.py" line="223"/>
        <source>Camera view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/camera.py" line="246"/>
        <source>Camera status</source>
        <extracomment>Staff want the camera on (start() until stop()); an answer after stop() is ignored. A permission request is out and not answered yet. The system refused the camera (``reason`` says where to allow it).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/camera.py" line="270"/>
        <source>Camera is off. Press F9 to scan a QR card.</source>
        <extracomment>Whether QtMultimedia was asked for a camera yet (see :meth:`probe`); until then the view assumes there is one, and F9 asks.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/camera.py" line="286"/>
        <source>Popup may not use the camera; the camera box says how to allow it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/camera.py" line="309"/>
        <source>Waiting for permission to use the camera…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/camera.py" line="335"/>
        <source>Camera picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/camera.py" line="378"/>
        <source>The camera stopped: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CardView</name>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="56"/>
        <source>QR code of the library card</source>
        <extracomment>Screen pixels per QR module: a phone photographs this from arm&apos;s length.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="73"/>
        <source>Card number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="89"/>
        <source>The patron can photograph the QR code with a phone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="103"/>
        <source>Start checkout (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="111"/>
        <source>PNG… (Ctrl+E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="112"/>
        <source>Export the card as a PNG image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="113"/>
        <source>PDF… (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="114"/>
        <source>Save the card as a PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="116"/>
        <source>Print… (Ctrl+Shift+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="117"/>
        <source>Print the card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="118"/>
        <source>Next sign-up (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="119"/>
        <source>Sign up another patron</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="133"/>
        <source>Where the card was saved</source>
        <extracomment>&quot;Saved to …&quot; after a save, or why it was not saved (in the problem colour).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="168"/>
        <source>Signed up. Card ready:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="174"/>
        <source>{0} · card valid to {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="178"/>
        <source>TEMPORARY NUMBER: this laptop has no card numbers left. The patron can borrow now; the next sync replaces it with a permanent number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="223"/>
        <source>Could not write {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="247"/>
        <source>Export card as PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="247"/>
        <source>PNG image (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="248"/>
        <location filename="../../src/popup/ui/signup/card_view.py" line="257"/>
        <source>Nothing saved: the card was cleared from the screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="256"/>
        <source>Save card as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="256"/>
        <source>PDF (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="267"/>
        <source>Card not saved: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="269"/>
        <source>Saved to {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="287"/>
        <source>Print library card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="292"/>
        <source>Nothing printed: the card was cleared from the screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_view.py" line="298"/>
        <source>Card not printed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheckoutPage</name>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="121"/>
        <source>Patron card (F5)</source>
        <extracomment>The patron&apos;s record changed while this page was hidden: read it again when shown. A staff member&apos;s approval of the patron&apos;s blocks (a volunteer at the desk). The patron was found by name (no card): their checkouts record it (#15). The open lookup, question or new card of the card flows (Ctrl+L, Ctrl+Shift+L/E). The outbox seq of the payment taken in this visit, if any (Undo must not reach past it).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="124"/>
        <source>Patron card number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="125"/>
        <source>Scan the card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="128"/>
        <location filename="../../src/popup/ui/desk/checkout.py" line="1031"/>
        <source>Camera (F9)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="128"/>
        <source>Scan a QR card with the camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="146"/>
        <source>Item barcode (F6)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="148"/>
        <source>Item barcode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="149"/>
        <location filename="../../src/popup/ui/desk/checkout.py" line="203"/>
        <source>Scan items one after another</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="153"/>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="153"/>
        <source>Barcode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="153"/>
        <source>Due back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="153"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="157"/>
        <source>Items lent in this visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="162"/>
        <source>Undo last scan (Ctrl+Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="162"/>
        <source>Undo last scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="164"/>
        <source>Slip (F8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="164"/>
        <source>Show due-date slip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="166"/>
        <source>Print slip (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="166"/>
        <source>Print due-date slip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="168"/>
        <source>Done (F12)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="168"/>
        <source>Done: next patron</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="203"/>
        <source>Scan a patron first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="242"/>
        <source>Found by name: {0}, card ending {1}. Scan the items.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="272"/>
        <source>This patron is blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="269"/>
        <source>Card ending {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="247"/>
        <location filename="../../src/popup/ui/desk/checkout.py" line="896"/>
        <source>Ready: scan the items.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="254"/>
        <source>Please ask staff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="289"/>
        <location filename="../../src/popup/ui/desk/checkout.py" line="395"/>
        <source>Approved by {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="292"/>
        <source>Blocks overridden: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="296"/>
        <source>Cancelled: nothing was lent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="340"/>
        <source>“{0}” is a patron card, not an item. Scan the item&apos;s barcode, or press Done (F12) to serve the next patron.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="371"/>
        <source>Check out anyway?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="376"/>
        <source>Not lent: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="393"/>
        <source>Override: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="399"/>
        <source>Hold picked up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="409"/>
        <source>Lent: {0} — due {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="411"/>
        <source>Lent: {0} — due {1} — approved by {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="415"/>
        <source>Hold picked up: {0} — due {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="570"/>
        <source>Find a patron by name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="615"/>
        <source>Replace a lost card: find the patron</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="622"/>
        <source>Give {0} a new card? The card ending {1} is refused from now on: here at once, on the other laptops after their next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="626"/>
        <source>Replace a lost card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="628"/>
        <source>Replace the card (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="628"/>
        <source>Replace the card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="682"/>
        <source>New card {0} for {1}; the card ending {2} is blocked as lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="689"/>
        <source>Renew a card: find the patron</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="696"/>
        <source>Renew the card of {0} ({1}) until {2}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="702"/>
        <source>Renew a card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="704"/>
        <source>Renew the card (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="704"/>
        <source>Renew the card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="726"/>
        <source>Card renewed: valid until {0}. Scan the items.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="754"/>
        <source>Renew anyway?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="758"/>
        <source>Not renewed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="766"/>
        <source>Select a loan to renew first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="797"/>
        <source>Renewed: {0} — due {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/checkout.py" line="802"/>
        <source>Loans renewed: %n.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/checkout.py" line="806"/>
        <source>Not due to move yet, no renewal used: %n ({0}).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/checkout.py" line="812"/>
        <source>Not renewed: %n ({0}).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="824"/>
        <source>Scan the patron&apos;s card first: a payment is taken against their fines.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="848"/>
        <source>Nothing was undone: a payment cannot be taken back here. Put a wrong payment right in the library system.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="886"/>
        <source>Fines waived: {0}. {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="888"/>
        <source>Payment recorded: {0} ({1}). {2}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="905"/>
        <source>No payment recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="949"/>
        <source>Nothing lent yet: no slip to show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="964"/>
        <source>Nothing lent yet: no slip to print.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="974"/>
        <source>Nothing printed: the visit was cleared.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="1032"/>
        <source>Read a QR library card with the camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="1035"/>
        <source>No camera (F9)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClockBar</name>
    <message>
        <location filename="../../src/popup/ui/clock_warning.py" line="146"/>
        <source>Clock warning</source>
        <extracomment>How often the clock is looked at between actions.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/clock_warning.py" line="147"/>
        <location filename="../../src/popup/ui/clock_warning.py" line="170"/>
        <source>The time is right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/clock_warning.py" line="151"/>
        <source>Hide this warning: the date and time on this laptop are right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/clock_warning.py" line="165"/>
        <source>Check the date and time:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <location filename="../../src/popup/ui/desk/prompt.py" line="116"/>
        <source>Cancel (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/prompt.py" line="116"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeskPrompt</name>
    <message>
        <location filename="../../src/popup/ui/desk/prompt.py" line="77"/>
        <source>A scan arrived while this question was open and was not used: answer first, then scan again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DuplicateDialog</name>
    <message>
        <location filename="../../src/popup/ui/signup/duplicates.py" line="46"/>
        <source>Possible duplicate patron</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/duplicates.py" line="59"/>
        <source>“{0}” may already have a card. Check with the patron:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/duplicates.py" line="68"/>
        <source>Open the existing patron to serve them, or create the new patron anyway (the library merges true duplicates later).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/duplicates.py" line="77"/>
        <source>same name and date of birth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/duplicates.py" line="78"/>
        <source>same email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/duplicates.py" line="79"/>
        <source>same phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/duplicates.py" line="88"/>
        <source>{0}
card {1} · {2} · {3}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/duplicates.py" line="114"/>
        <source>This person may already have a card. Please ask a staff member.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/duplicates.py" line="51"/>
        <source>Open existing patron</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/duplicates.py" line="52"/>
        <source>Create anyway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/duplicates.py" line="53"/>
        <source>Back to the form</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EnrollDialog</name>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="63"/>
        <source>Connect to the sync server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="67"/>
        <source>Type the sync server&apos;s address and the one-time code the administrator gave you. The data on this laptop is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="84"/>
        <source>Server address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="88"/>
        <location filename="../../src/popup/ui/sync/widgets.py" line="157"/>
        <source>Scan with camera (F9)</source>
        <extracomment>Opens the camera to read the console&apos;s QR code (F9 too); closes it while it is on.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="91"/>
        <source>Read the enrollment code&apos;s QR code with this laptop&apos;s camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="98"/>
        <source>Enrollment code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="109"/>
        <source>Name of this laptop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="118"/>
        <source>Enroll</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="146"/>
        <source>Close camera (F9)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="149"/>
        <source>Hold the QR code the administrator gave you up to the camera. F9 or Esc closes the camera.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="187"/>
        <source>No camera found. Plug in a camera, or type the code (a hand scanner can type it too).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="202"/>
        <source>Code read from the camera. Press Enter to enroll.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="206"/>
        <source>That QR code is a library card, not an enrollment code. Scan the QR code the administrator gave you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="214"/>
        <source>That QR code is not an enrollment code (it reads “{0}”). Scan the QR code the administrator gave you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="237"/>
        <source>Type the server address, e.g. https://sync.example.org</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="240"/>
        <source>Type the enrollment code from the administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="243"/>
        <source>Contacting {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="252"/>
        <source>Enrollment failed unexpectedly ({0}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="271"/>
        <source>Enrolled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EventsPage</name>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="105"/>
        <location filename="../../src/popup/ui/events/page.py" line="121"/>
        <source>Stop</source>
        <extracomment>Reloading for a store change: keep the banner and a pending band choice.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="113"/>
        <location filename="../../src/popup/ui/events/page.py" line="122"/>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="143"/>
        <source>Total attendance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="180"/>
        <source>Library card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="182"/>
        <source>Library card scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="183"/>
        <source>Scan a library card (QR or barcode)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="203"/>
        <source>Don&apos;t count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="76"/>
        <location filename="../../src/popup/ui/events/registrations.py" line="87"/>
        <source>Registration list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="100"/>
        <source>Check in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="102"/>
        <source>Cancel registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="113"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="115"/>
        <source>Name to register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="119"/>
        <source>Card (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="122"/>
        <source>Card of the person to register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="125"/>
        <source>Age band?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="128"/>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="344"/>
        <source>No stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="348"/>
        <source>No events at this stop yet.
Press “New event…” to start counting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="350"/>
        <source>No stops on this laptop yet.
Press “New stop…” to add one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="355"/>
        <source>ages {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="357"/>
        <source>all ages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="372"/>
        <source>Total {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="374"/>
        <source>({0} by card)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="39"/>
        <source>{0} registered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="41"/>
        <source>{0} of {1} places taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="45"/>
        <source>({0} over)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="48"/>
        <source>{0} checked in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/registrations.py" line="50"/>
        <source>{0} on the waitlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="110"/>
        <source>New stop… (Ctrl+Shift+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="116"/>
        <source>New event… (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="433"/>
        <source>Stop “{0}” added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="453"/>
        <source>Choose or add a stop first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="464"/>
        <source>“{0}” is ready: count with the + buttons.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="502"/>
        <source>+1 ages {0} — now {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="505"/>
        <source>−1 ages {0} — now {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="512"/>
        <source>Choose an event before scanning cards.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="543"/>
        <source>{0}: choose the age band to count them in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="547"/>
        <source>Which age band? Pick one above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="553"/>
        <source>Checked in and counted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="564"/>
        <source>Card …{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="570"/>
        <source>Already counted: {0} (ages {1}). Nothing added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="574"/>
        <source>{0} checked in — ages {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="576"/>
        <source>(was on the waitlist: over capacity)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="578"/>
        <source>{0} counted — ages {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="593"/>
        <source>Not counted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="602"/>
        <location filename="../../src/popup/ui/events/page.py" line="612"/>
        <source>Select a name in the list first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="619"/>
        <source>{0}&apos;s registration cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="622"/>
        <source>Moved up from the waitlist: {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="641"/>
        <source>{0} is on the waitlist (the event is full).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="644"/>
        <source>{0} registered.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FittedTable</name>
    <message>
        <location filename="../../src/popup/ui/desk/tables.py" line="122"/>
        <source>{0}: {1}</source>
        <extracomment>Below this part of the width for the wrapping columns, a title would wrap a word a line: the fold column moves under another one instead. A value that says nothing worth a second line (a count of 0): not shown when folded, so the row stays one line high and a netbook shows more rows.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InHousePage</name>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="41"/>
        <source>Item used in the library (F6)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="42"/>
        <source>In-house use item barcode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="43"/>
        <source>Scan items left on tables and chairs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="44"/>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="44"/>
        <source>Barcode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="44"/>
        <source>Uses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="44"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="45"/>
        <source>Items counted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="51"/>
        <source>In-house uses counted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="130"/>
        <source>{0} · was overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="132"/>
        <source>Returned from {0} and counted: {1}. {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="47"/>
        <source>Undo last scan (Ctrl+Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="47"/>
        <source>Undo last scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="48"/>
        <source>Clear list (F12)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="48"/>
        <source>Clear list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="65"/>
        <source>That is a patron card, not an item. Scan the item&apos;s barcode.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/in_house.py" line="73"/>
        <source>Uses counted: %n</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="84"/>
        <source>{0} is on loan: answer the question.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="87"/>
        <source>On loan to {0}, card ending {1}, due {2}. Return it and count the use?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="90"/>
        <source>{0} is on loan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="92"/>
        <source>Return and count (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="92"/>
        <source>Return and count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="115"/>
        <source>Not counted, not returned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="124"/>
        <source>Counted: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InboxPage</name>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="308"/>
        <source>Show done</source>
        <extracomment>Pixels kept beyond the measured text, so a grid line or rounding never cuts a letter.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="310"/>
        <source>Mark done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="344"/>
        <source>{0} to review</source>
        <extracomment>A &quot;Mark done&quot; the store could not save (hidden otherwise). The selected entry&apos;s code and the server&apos;s own words.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="346"/>
        <source>Nothing to review: the server accepted everything as it was.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InteropActions</name>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="130"/>
        <source>Import &amp;MARC…</source>
        <extracomment>The MARC import&apos;s progress dialog while it runs. File jobs started and not finished (they run one after another on the io lane). While a job&apos;s result is handled: (who started it,), see :meth:`_start`.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="132"/>
        <source>Import &amp;patrons (CSV)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="135"/>
        <source>E&amp;xport patrons (CSV)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="137"/>
        <source>Export &amp;KOC…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="139"/>
        <source>Export &amp;Evergreen offline file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="142"/>
        <source>Load the collection from a MARC21 file exported by Koha, Evergreen or others</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="145"/>
        <source>Write this stop&apos;s circulation for Koha&apos;s offline circulation upload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="148"/>
        <source>Write this stop&apos;s circulation as Evergreen&apos;s pending.xacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="195"/>
        <location filename="../../src/popup/ui/interop_actions.py" line="204"/>
        <location filename="../../src/popup/ui/interop_actions.py" line="282"/>
        <location filename="../../src/popup/ui/interop_actions.py" line="285"/>
        <source>Import MARC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="197"/>
        <source>MARC files (*.mrc *.marc *.dat *.xml);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="201"/>
        <source>952 (Koha items)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="201"/>
        <source>852 (MARC holdings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="205"/>
        <source>Which field holds the item barcodes?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="220"/>
        <location filename="../../src/popup/ui/interop_actions.py" line="418"/>
        <source>Import patrons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="222"/>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="229"/>
        <location filename="../../src/popup/ui/interop_actions.py" line="434"/>
        <source>Export patrons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="229"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="236"/>
        <location filename="../../src/popup/ui/interop_actions.py" line="448"/>
        <source>Export KOC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="238"/>
        <source>Koha offline files (*.koc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="245"/>
        <location filename="../../src/popup/ui/interop_actions.py" line="453"/>
        <source>Export Evergreen offline file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="247"/>
        <source>Evergreen offline files (*.xacts);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="282"/>
        <source>A MARC import is already running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="287"/>
        <source>Reading {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="287"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="300"/>
        <source>Reading {0}: {1} records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="317"/>
        <source>{0}: {1} in {2:.1f} s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="345"/>
        <source>The import stopped unexpectedly ({0}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="421"/>
        <source>{0}: {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="423"/>
        <source>Columns not used: {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="437"/>
        <source>{0} patrons written to {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="460"/>
        <source>{0} actions written to {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="463"/>
        <source>Nothing new to export since the last export; {0} is empty.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoansModel</name>
    <message>
        <location filename="../../src/popup/ui/desk/models.py" line="151"/>
        <source>Title</source>
        <extracomment>Row background tints (light versions of the outcome colours, so black text stays readable).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/models.py" line="151"/>
        <source>Due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/models.py" line="151"/>
        <source>Renewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/models.py" line="170"/>
        <source>{0} (overdue)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LookupDialog</name>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="84"/>
        <source>Patron&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="85"/>
        <source>e.g. garc mar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="89"/>
        <source>Date of birth (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="90"/>
        <source>optional: narrows the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="92"/>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="94"/>
        <source>&amp;Date of birth:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="104"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="104"/>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="104"/>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="106"/>
        <source>Patrons found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="119"/>
        <source>Type at least two letters of the patron&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="124"/>
        <source>↓ moves to the list, ↑ ↓ choose, Enter takes the patron, Esc cancels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="130"/>
        <source>Cancel (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="130"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="176"/>
        <source>card ending {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="182"/>
        <source>More than {0} patrons match: type more of the name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/cards.py" line="188"/>
        <source>Patrons found: %n.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="190"/>
        <source>Nobody on this laptop has that name.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="473"/>
        <location filename="../../src/popup/ui/interop_actions.py" line="478"/>
        <location filename="../../src/popup/ui/main_window.py" line="282"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="433"/>
        <source>Popup — {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="262"/>
        <source>Sync status</source>
        <extracomment>Base point size for the whole window: readable at arm&apos;s length on a 1366x768 laptop. The smallest window every page fits without cutting a text or a button: a 1024x600 netbook or tablet less a title bar and a panel (tests/popup/ui/test_fit.py holds it to that). The most the sidebar&apos;s buttons ask for: what a 540-pixel window leaves beside the header. More pages than fit scroll there. What waits for the first paint starts this long after the window is shown, painted or not. The widest the signed-in person&apos;s name goes in the header (longer: shortened with &quot;…&quot;). The size the window opens at when it is not maximized (the screens are laid out for it). What the stack shows: the page in a scroll area, so a tall page (the sign-up form, the report) scrolls on a short screen instead of pushing the window past its edge. The page, once built (when first shown or asked for). Its Mode-menu entry and shortcut. Set by :meth:`attach`: the application context and its store, desk and sounds. What start-up leaves until the desk is on screen (see :meth:`_after_first_paint`). Shortcut actions and what the signed-in person must be allowed to do for them to work (None: anyone signed in). Nothing works while the window is locked. The pages (with the sidebar), or the sign-in screen while nobody is signed in.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="266"/>
        <source>Opening the store…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="280"/>
        <source>Signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="283"/>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="284"/>
        <source>&amp;Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="285"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/checkout.py" line="90"/>
        <source>Checkout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="35"/>
        <source>Return</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/in_house.py" line="36"/>
        <source>In-house use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="408"/>
        <source>Library and branch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="419"/>
        <source>Today&apos;s stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="422"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="434"/>
        <source>{0} — {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="439"/>
        <source>No stop scheduled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="447"/>
        <source>Today: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="515"/>
        <source>Shortcut {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="660"/>
        <source>Finish the open prompt first; that scan was not used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="691"/>
        <source>Undo last scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="692"/>
        <source>Patron card field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="693"/>
        <source>Item field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="694"/>
        <source>Show due-date slip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="695"/>
        <source>Print slip or list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="696"/>
        <source>Camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="697"/>
        <source>Done: next patron / clear list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="699"/>
        <source>Renew selected loan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="701"/>
        <source>Renew all loans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="703"/>
        <source>Find a patron by name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="709"/>
        <source>Replace a lost card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="715"/>
        <source>Renew a card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="720"/>
        <source>Payment or waiver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="723"/>
        <source>Lock / switch user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="852"/>
        <source>Locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="854"/>
        <location filename="../../src/popup/ui/main_window.py" line="872"/>
        <source>{0} · volunteer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="855"/>
        <location filename="../../src/popup/ui/main_window.py" line="874"/>
        <source>{0} · staff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="896"/>
        <source>Locked: the screen was cleared.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="921"/>
        <source>Locked after a while without activity. Sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="930"/>
        <source>Locked while the laptop was asleep. Sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="934"/>
        <source>Signed out. The next person signs in here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="1016"/>
        <source>Offline, {0} waiting to upload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/main_window.py" line="1018"/>
        <source>Offline, nothing waiting to upload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="38"/>
        <source>Pick list</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewCardDialog</name>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="226"/>
        <source>New card for a lost one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="229"/>
        <source>Card ending {0} is blocked as lost from now on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/cards.py" line="241"/>
        <source>New card ready:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewEventDialog</name>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="150"/>
        <source>Story time</source>
        <extracomment>Offered in the type box, shown translated; a listed type is stored by this English name (:func:`event_type_text` shows a stored one in the UI language).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="151"/>
        <source>STEM workshop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="152"/>
        <source>Craft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="153"/>
        <source>Card drive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="154"/>
        <source>Book club</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="155"/>
        <source>Outreach visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="156"/>
        <source>Class visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="157"/>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="178"/>
        <source>New event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="180"/>
        <source>e.g. Saturday story time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="186"/>
        <source>All ages (general interest)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="188"/>
        <source>Ages {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="192"/>
        <source>On-site (at the bookmobile / library)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="193"/>
        <source>Off-site (school, centre, park…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="197"/>
        <source>Keep a registration list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="200"/>
        <source>No limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="203"/>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="204"/>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="205"/>
        <source>Audience</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="206"/>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="208"/>
        <source>Places</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewStopDialog</name>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="104"/>
        <source>New stop</source>
        <extracomment>The refusal key&apos;s field (``EMPTY.title`` -&gt; ``title``) and the widget to fix it in.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="108"/>
        <source>e.g. Riverside Park</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="110"/>
        <source>e.g. By the playground</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="111"/>
        <source>Set start and end times (today)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="119"/>
        <source>Stop name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="120"/>
        <source>Place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="122"/>
        <source>Starts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/dialogs.py" line="123"/>
        <source>Ends</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="75"/>
        <source>&amp;Reason for the override (required):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="78"/>
        <source>Override reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="79"/>
        <source>e.g. the patron&apos;s ID was checked; card at home</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="97"/>
        <source>Cancel (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="97"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="99"/>
        <source>&amp;Override (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="99"/>
        <source>Override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="107"/>
        <source>&amp;Renew it (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="107"/>
        <source>Renew the loan instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="116"/>
        <source>Renew the card (Ctrl+Shift+E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="116"/>
        <source>Renew the card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="125"/>
        <source>Take &amp;payment (Ctrl+M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/override.py" line="125"/>
        <source>Take a payment instead</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../../src/popup/ui/store_key.py" line="48"/>
        <source>Popup: the store&apos;s passphrase</source>
        <extracomment>Wrong passphrases allowed at one start before Popup quits (start it again to retry).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/store_key.py" line="55"/>
        <source>Choose the passphrase that locks this laptop&apos;s store. It is asked at every start; without it nobody, not even the administrator, can read the store. At least %n character(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/store_key.py" line="62"/>
        <source>Type the passphrase of this laptop&apos;s store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/store_key.py" line="68"/>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/store_key.py" line="72"/>
        <location filename="../../src/popup/ui/store_key.py" line="73"/>
        <source>The same passphrase again</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/store_key.py" line="96"/>
        <source>Choose a passphrase of at least %n character(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/store_key.py" line="101"/>
        <source>The two passphrases differ: type the same one twice.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PatronPanel</name>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="77"/>
        <source>Patron</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="82"/>
        <source>Scan a patron&apos;s card (or press F9 for the camera) to start a checkout.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="99"/>
        <source>Patron name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="104"/>
        <source>Category and card expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="107"/>
        <source>Fines balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="113"/>
        <source>Holds ready for pickup</source>
        <extracomment>&quot;2 holds ready for pickup&quot; and their titles (hidden when there are none).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="136"/>
        <source>Current loans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="138"/>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="140"/>
        <source>Arrow keys choose a loan; Enter renews it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="150"/>
        <source>Renew selected
(Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="150"/>
        <source>Renew selected loan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="153"/>
        <source>Renew all loans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="153"/>
        <source>Renew all
(Ctrl+Shift+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="190"/>
        <source> · temporary card</source>
        <extracomment>Takes the loans list&apos;s room in the limited view, so the name, the count and &quot;Please ask staff&quot; stay together at the top (no room at all otherwise). Showing a volunteer&apos;s limited view (no loans, no fines).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="192"/>
        <source>{0} · card expires {1}{2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="205"/>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="251"/>
        <source>%n item(s) out</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="231"/>
        <source>%n hold(s) ready for pickup</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="241"/>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="255"/>
        <source>Current loans: %n</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="269"/>
        <source>Please ask staff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="289"/>
        <source>✓ No blocks</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PickListPage</name>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="45"/>
        <source>Holds to deliver at:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="47"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="58"/>
        <location filename="../../src/popup/ui/holds/page.py" line="166"/>
        <source>Call number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="59"/>
        <location filename="../../src/popup/ui/holds/page.py" line="167"/>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="60"/>
        <location filename="../../src/popup/ui/holds/page.py" line="168"/>
        <source>For</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="61"/>
        <location filename="../../src/popup/ui/holds/page.py" line="169"/>
        <source>Keep until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="62"/>
        <source>On board</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="67"/>
        <source>Holds to deliver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="72"/>
        <source>Print pick list (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="72"/>
        <source>Print pick list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="121"/>
        <source>Every stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="140"/>
        <source>{0} (card …{1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="141"/>
        <source>on board</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="141"/>
        <source>NOT ON BOARD</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/holds/page.py" line="152"/>
        <source>%n hold(s) to deliver</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/holds/page.py" line="154"/>
        <location filename="../../src/popup/ui/holds/page.py" line="188"/>
        <source>%n not on board yet</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="160"/>
        <source>Pick list: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/page.py" line="199"/>
        <source>No holds to deliver at this stop: nothing to print.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResultDialog</name>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="80"/>
        <source>Problems, one per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/interop_actions.py" line="85"/>
        <source>Copy list</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReturnPage</name>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="40"/>
        <source>Returned item barcode (F6)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="41"/>
        <source>Returned item barcode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="42"/>
        <source>Scan returned items one after another</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="44"/>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="45"/>
        <source>Barcode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="46"/>
        <source>Had it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="47"/>
        <source>What to do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="49"/>
        <source>Items returned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="51"/>
        <source>Undo last scan (Ctrl+Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="51"/>
        <source>Undo last scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="52"/>
        <source>Clear list (F12)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="52"/>
        <source>Clear the returned list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="59"/>
        <source>Print hold slip (Ctrl+P)</source>
        <extracomment>The last return set aside for a waiting patron: what Ctrl+P prints.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="59"/>
        <source>Print hold slip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="68"/>
        <source>That is a patron card, not an item. Scan the item&apos;s barcode.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/returns.py" line="71"/>
        <source>Returned in this list: %n</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="83"/>
        <source>No hold slip to print: nothing was set aside.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="113"/>
        <source>HOLD for {0} (card …{1}), pick up at {2}: Ctrl+P prints the slip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="122"/>
        <source>{0} (was not on loan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="126"/>
        <source>{0} · was overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/returns.py" line="132"/>
        <source>{0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScanPage</name>
    <message>
        <location filename="../../src/popup/ui/desk/base.py" line="133"/>
        <source>Nothing to undo.</source>
        <extracomment>Actions recorded on this page since the last Done/clear: what Undo may take back.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/base.py" line="140"/>
        <source>Nothing to undo in this list.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="36"/>
        <source>On loan, due {0}; on hold</source>
        <extracomment>The availability column&apos;s colour: green on the shelf, brown on hold (Enter asks), else slate.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="38"/>
        <source>On loan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="39"/>
        <source>On loan, due {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="41"/>
        <source>Not available ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="45"/>
        <source>Belongs to {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="48"/>
        <source>On hold (pickup {0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="51"/>
        <source>On hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="52"/>
        <source>On the shelf here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="64"/>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="65"/>
        <source>Author</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="66"/>
        <source>Call number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="67"/>
        <source>Barcode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="68"/>
        <source>Availability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/model.py" line="99"/>
        <source>ISBN {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="90"/>
        <source>Find a book</source>
        <extracomment>The pause in typing after which the list follows the field.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="104"/>
        <source>Find a book (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="107"/>
        <source>Search the catalogue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="108"/>
        <source>Title, author, ISBN, call number or barcode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="118"/>
        <source>Search result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="124"/>
        <source>Copies found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="133"/>
        <source>Who a copy is lent to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="137"/>
        <source>Enter or ↓: the list · ↑ ↓ choose a copy · Esc: back to the search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="145"/>
        <source>What just happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="289"/>
        <source>Nothing found for “{0}”. Try fewer or other words.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="292"/>
        <source>The first {0} copies found: type another word to narrow the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/search/page.py" line="294"/>
        <source>Copies found: %n.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="299"/>
        <source>{0}: press Enter to lend it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="329"/>
        <source>Nobody is being served at Checkout: Enter on a copy does not lend it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="333"/>
        <source>Enter lends to {0} (card ending {1}), served at Checkout.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="340"/>
        <source>Type or scan what you are looking for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="345"/>
        <source>{0} is on loan: it is not on the shelf.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="346"/>
        <source>{0} is on loan until {1}: it is not on the shelf.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="351"/>
        <source>{0} belongs to {1}, not to this library. If it is in your hands, scan it at Checkout (F2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="355"/>
        <source>{0} is marked {1} in the catalogue. If it is in your hands, scan it at Checkout (F2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="372"/>
        <source>Nobody is being served: press F2, scan the patron&apos;s card, then come back with Ctrl+F and press Enter on the copy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="383"/>
        <source>Lent to {0}: {1} — due {2}. It is listed at Checkout (F2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/search/page.py" line="394"/>
        <source>Not lent yet: {0} needs a decision at Checkout.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="195"/>
        <location filename="../../src/popup/ui/staff/signin.py" line="220"/>
        <source>Sign in</source>
        <extracomment>How often the countdown after wrong PINs is redrawn. The store&apos;s staff (None until :meth:`attach`: the store is still opening). Enter was pressed in the PIN before the store was open: sign in once it is.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="198"/>
        <source>Login or badge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="200"/>
        <location filename="../../src/popup/ui/staff/signin.py" line="298"/>
        <source>PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="201"/>
        <source>&amp;Login or badge:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="203"/>
        <source>&amp;PIN:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="219"/>
        <source>Sign in (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="231"/>
        <source>Locked — ask a staff member to unlock it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="235"/>
        <source>Staff member: type your own login and PIN here to unlock it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="243"/>
        <source>Staff login or badge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="245"/>
        <source>Staff PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="246"/>
        <source>Your &amp;staff login:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="248"/>
        <source>Your P&amp;IN:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="262"/>
        <source>Unlock (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="263"/>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="283"/>
        <location filename="../../src/popup/ui/staff/signin.py" line="319"/>
        <source>Create the administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="286"/>
        <source>This laptop has no staff yet. Create its administrator: the one who signs in until the library&apos;s staff are downloaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="296"/>
        <source>Login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="297"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="299"/>
        <source>PIN again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="301"/>
        <source>&amp;Login:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="302"/>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="303"/>
        <source>&amp;PIN (4 to 12 digits):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="304"/>
        <source>PIN &amp;again:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="318"/>
        <source>Create and sign in (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="483"/>
        <source>Wait {0} s before the next try.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="542"/>
        <source>Unlocked. Type the PIN again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="554"/>
        <source>Type a login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="556"/>
        <source>Type the administrator&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="558"/>
        <source>The two PINs differ: type the PIN twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/staff/signin.py" line="563"/>
        <source>A PIN is 4 to 12 digits.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignupFormWidget</name>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="30"/>
        <source>English</source>
        <extracomment>Offered in the language box, shown in the UI language but stored in English (the library&apos;s records hold one spelling whoever typed them); staff may type any other.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="31"/>
        <source>Spanish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="32"/>
        <source>French</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="33"/>
        <source>Chinese</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="34"/>
        <source>Vietnamese</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="35"/>
        <source>Arabic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="36"/>
        <source>Tagalog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="37"/>
        <source>Korean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="38"/>
        <source>Russian</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="39"/>
        <source>Portuguese</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="40"/>
        <source>Haitian Creole</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="41"/>
        <source>Somali</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="42"/>
        <source>Ukrainian</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="256"/>
        <source>YYYY-MM-DD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="155"/>
        <source>if the guardian has a card</source>
        <extracomment>Set once on the form; fields are marked with the ``invalid`` property. (Clearing a widget&apos;s own style sheet would reset its font to the application default.) A style sheet stops the window&apos;s font from reaching the form, so it names the size itself (the main window&apos;s base size). The order dates are typed in (the UI language&apos;s); YYYY-MM-DD is always read too.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="161"/>
        <source>The patron has read and agrees to the library&apos;s privacy notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="169"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="170"/>
        <source>Date of birth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="171"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="174"/>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="174"/>
        <source> (or email)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="179"/>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="179"/>
        <source> (or phone)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="182"/>
        <source>Preferred language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="183"/>
        <source>Guardian&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="184"/>
        <source>Guardian&apos;s card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="185"/>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="186"/>
        <source>Privacy notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="253"/>
        <source>MM/DD/YYYY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="255"/>
        <source>DD/MM/YYYY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="359"/>
        <source>{0}, age {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/form.py" line="361"/>
        <source> — guardian needed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignupPage</name>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="90"/>
        <source>Sign up a new patron</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="115"/>
        <source>Card numbers left</source>
        <extracomment>A sign-up the store could not save, in the problem colour (hidden otherwise). At the top: on a short screen the bottom of the page may be below its edge.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="117"/>
        <source>Clear form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="124"/>
        <source>Ctrl+Enter anywhere in the form, or Enter on the privacy tick box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="186"/>
        <source>No card numbers left on this laptop: new patrons get a TEMPORARY number until the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="191"/>
        <source>Only {0} card numbers left on this laptop — sync soon for more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="193"/>
        <source>{0} card numbers left on this laptop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="250"/>
        <source>That scan was not used: scan a guardian&apos;s card into the Guardian&apos;s card field.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="314"/>
        <source>Not saved: fix the {0} field(s) marked in red.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="316"/>
        <source>Not saved: fix the field marked in red.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="206"/>
        <source>Not saved: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="118"/>
        <source>Sign up and make card (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="396"/>
        <source>That was the last card number on this laptop; sync to get more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="398"/>
        <source>Only {0} card numbers left on this laptop — sync soon.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SlipDialog</name>
    <message>
        <location filename="../../src/popup/ui/desk/slip.py" line="88"/>
        <source>Due-date slip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/slip.py" line="101"/>
        <source>&amp;Print… (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/slip.py" line="103"/>
        <source>Print slip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/slip.py" line="104"/>
        <source>Close (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/slip.py" line="105"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StopReportPage</name>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="179"/>
        <location filename="../../src/popup/ui/events/report.py" line="187"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="184"/>
        <source>Print…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="185"/>
        <source>Export PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="186"/>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="201"/>
        <location filename="../../src/popup/ui/events/report.py" line="507"/>
        <source>Checkouts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="202"/>
        <location filename="../../src/popup/ui/events/report.py" line="508"/>
        <source>Returns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="203"/>
        <location filename="../../src/popup/ui/events/report.py" line="509"/>
        <source>Renewals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="204"/>
        <location filename="../../src/popup/ui/events/report.py" line="510"/>
        <source>In-house uses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="205"/>
        <location filename="../../src/popup/ui/events/report.py" line="511"/>
        <source>New patrons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="206"/>
        <location filename="../../src/popup/ui/events/report.py" line="512"/>
        <source>Attendance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="207"/>
        <location filename="../../src/popup/ui/events/report.py" line="513"/>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="217"/>
        <source>Takings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="222"/>
        <source>Actions by staff member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="237"/>
        <location filename="../../src/popup/ui/events/report.py" line="542"/>
        <source>Attendance per event and age band</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="314"/>
        <source>No stops on this laptop yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="337"/>
        <source>Taken: cash {0} · card {1} · other {2} — total {3}. Fines waived: {4}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="352"/>
        <source>no one signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="354"/>
        <source>a former staff member</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/events/report.py" line="355"/>
        <source>%1: %n action(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/events/report.py" line="357"/>
        <source>, %n override(s) approved</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="361"/>
        <source>By staff member: {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="385"/>
        <source>Export the stop report as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="395"/>
        <source>Export attendance for the survey (CSV)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/events/report.py" line="416"/>
        <source>Saved the stop&apos;s circulation and %n event(s) to {0}</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="427"/>
        <source>The CSV could not be written: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="437"/>
        <source>Stop report — {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="450"/>
        <source>Saved the report to {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="452"/>
        <source>The PDF could not be written to {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="498"/>
        <source>Stop report: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="573"/>
        <source>No events were held at this stop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="637"/>
        <source>Made by Popup on {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../src/popup/ui/sync/page.py" line="69"/>
        <source>Connect to a sync server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/page.py" line="132"/>
        <source>This laptop is not connected to a sync server yet.</source>
        <extracomment>&quot;Sync now&quot; was pressed and has not been answered yet. When the server last stopped answering (None: it answers, or not checked yet).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/page.py" line="140"/>
        <source>Server: {0} (library {1}) · not checked yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/page.py" line="142"/>
        <source>Server: {0} (library {1}) · reachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/page.py" line="144"/>
        <source>Server: {0} (library {1}) · not reachable since {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/page.py" line="161"/>
        <source>Nothing to sync with: this laptop is not connected to a sync server yet. Press “Connect to a sync server…” first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/page.py" line="167"/>
        <source>Trying now…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/sync/page.py" line="180"/>
        <source>Could not reach the server at {0}. Popup keeps trying every %n second(s); nothing is lost: everything done here stays on this laptop until then.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/sync/page.py" line="187"/>
        <source>Could not reach the server at {0}. Popup keeps trying every %n minute(s); nothing is lost: everything done here stays on this laptop until then.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/page.py" line="204"/>
        <source>Synced at {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/page.py" line="208"/>
        <source>The sync did not finish; the reason is above.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="298"/>
        <source>Checking the sync server…</source>
        <extracomment>What became of the last &quot;Sync now&quot; (hidden until it is pressed).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="305"/>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="326"/>
        <source>Uploading %v of %m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="329"/>
        <source>Downloading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/widgets.py" line="330"/>
        <source>Downloading… {0} changes so far</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../src/popup/ui/app.py" line="66"/>
        <source>Popup cannot open its store</source>
        <extracomment>Set (to anything), the app prints &quot;painted &lt;focused widget&apos;s class&gt;&quot; on stdout once its window has painted, then &quot;ready &lt;focused widget&apos;s class&gt;&quot; once the store is open and the window has it, and quits: how ``benchmarks/cold_start.py`` times a start, frozen too. If the window is shown but never painted (another workspace), the store opens after this.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/app.py" line="171"/>
        <source>Popup could not start</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>clock</name>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1155"/>
        <source>The clock on this laptop jumped {amount} forward while Popup was open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1158"/>
        <source>The clock on this laptop jumped {amount} back while Popup was open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1161"/>
        <source>The date and time on this laptop are {amount} earlier than the last action recorded on it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1166"/>
        <source>The date and time on this laptop are {amount} earlier than the sync server&apos;s at the last sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1171"/>
        <source>The clock on this laptop is {amount} ahead of the sync server&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1174"/>
        <source>The clock on this laptop is {amount} behind the sync server&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1177"/>
        <source>The date on this laptop is {amount} after the last time it was used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1180"/>
        <source>Actions are recorded with this laptop&apos;s date and time: if they are wrong, fix them in the system settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1186"/>
        <source>about a minute</source>
        <extracomment>How far off the clock is, rounded: &quot;about a minute&quot;, &quot;about 20 minutes&quot;, ...</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1188"/>
        <source>about {count} minutes</source>
        <extracomment>{count} is a number of minutes (2 or more).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1189"/>
        <source>about an hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1191"/>
        <source>about {count} hours</source>
        <extracomment>{count} is a number of hours (2 or more).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1192"/>
        <source>about a day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1194"/>
        <source>about {count} days</source>
        <extracomment>{count} is a number of days (2 or more).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1195"/>
        <source>about a month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1197"/>
        <source>about {count} months</source>
        <extracomment>{count} is a number of months (2 or more).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1198"/>
        <source>about a year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1200"/>
        <source>about {count} years</source>
        <extracomment>{count} is a number of years (2 or more).</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>desk</name>
    <message>
        <location filename="../../src/popup/ui/camera.py" line="84"/>
        <source>Camera scanning is not installed (QtMultimedia is missing).</source>
        <extracomment>Ask for about this much: plenty for a card held 20-40 cm away, cheap to decode.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/camera.py" line="88"/>
        <source>No camera found. Plug in a camera, or use the hand scanner or type the number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/camera.py" line="112"/>
        <source>Popup may not use the camera. To allow it, open System Settings → Privacy &amp; Security → Camera and turn on Popup (macOS may ask to reopen Popup). The hand scanner and typing the number keep working.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/camera.py" line="119"/>
        <source>Popup may not use the camera. To allow it, open Settings → Privacy &amp; security → Camera and let desktop apps use the camera. The hand scanner and typing the number keep working.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/camera.py" line="125"/>
        <source>Popup may not use the camera; allow it in this computer&apos;s privacy settings. The hand scanner and typing the number keep working.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/slip.py" line="45"/>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/slip.py" line="46"/>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/slip.py" line="47"/>
        <source>Due back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/slip.py" line="48"/>
        <source>Items lent: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="116"/>
        <source>Item is on hold for another patron</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="134"/>
        <source>Item was not on loan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="99"/>
        <source>Card expired on {expiry}</source>
        <extracomment>Specifics of a message as ``(name, value)`` pairs, sorted by name: hashable and frozen. {expiry} is a date written as the desk writes dates.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="101"/>
        <source>Owes {owed}, over the limit of {limit}</source>
        <extracomment>{owed} and {limit} are amounts of money, e.g. 6.50 (no currency sign).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="103"/>
        <source>Blocked by staff: {reason}</source>
        <extracomment>{reason} is what staff typed when they blocked the patron.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="104"/>
        <source>Blocked by staff: no reason given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="106"/>
        <source>Already has {count} item(s) out; the limit is {limit}</source>
        <extracomment>{count} and {limit} are numbers of items; word it so that 1 reads right too.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="110"/>
        <source>Still on loan to {initials}, due {due}; that loan will be closed</source>
        <extracomment>{initials}: the other borrower&apos;s initials, e.g. &quot;G. H.&quot;; {due}: a date.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="113"/>
        <source>Already on loan to this patron, due {due} (renew it instead?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="117"/>
        <source>Another patron is waiting for this item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="121"/>
        <source>{item_type} items are not for loan to {category} patrons</source>
        <extracomment>{item_type} and {category} are the library&apos;s own codes, e.g. REFERENCE, ADULT.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="124"/>
        <source>No loan rule covers patron category {category} with item type {item_type}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="129"/>
        <source>Item is marked {status}</source>
        <extracomment>{status} is one of the words lost, missing, withdrawn, not for loan, damaged, restricted (translated on their own).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="131"/>
        <source>Renewed {count} time(s) already; the limit is {limit}</source>
        <extracomment>{count} and {limit} are numbers of renewals; word it so that 1 reads right too.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="135"/>
        <source>A patron is waiting: hold shelf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="137"/>
        <source>A patron at {library} is waiting</source>
        <extracomment>{library} is a library&apos;s code, e.g. EAST.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="138"/>
        <source>Send to {library}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="140"/>
        <location filename="../../src/popup/domain/messages.py" line="141"/>
        <location filename="../../src/popup/domain/messages.py" line="142"/>
        <location filename="../../src/popup/domain/messages.py" line="143"/>
        <source>Please ask a staff member.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="154"/>
        <source>lost</source>
        <extracomment>An item&apos;s status, shown in &quot;Item is marked {status}&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="155"/>
        <source>missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="156"/>
        <source>withdrawn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="157"/>
        <source>not for loan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="158"/>
        <source>damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="159"/>
        <source>restricted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="170"/>
        <source>“{scanned}” is empty: nothing was scanned</source>
        <extracomment>{scanned} is what the scanner read. These sentences also stand alone.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="171"/>
        <source>“{scanned}” contains characters other than digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="174"/>
        <source>“{scanned}” has {length} characters; this library&apos;s numbers have {expected} (a partial scan?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="179"/>
        <source>“{scanned}” starts with neither {patron_prefix} (patron card) nor {item_prefix} (item)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="184"/>
        <source>“{scanned}” belongs to institution {institution}, not this library ({expected})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="188"/>
        <source>“{scanned}” has a wrong check digit: expected {expected}, got {got}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="191"/>
        <source>“{scanned}” is an item barcode, not a patron card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="194"/>
        <source>“{scanned}” is a Popup card of version {version}, which this app cannot read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="206"/>
        <source>An override needs a reason; type why the rule is being set aside.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="210"/>
        <source>“{reason}” is a number, not a reason: it looks like a scan. Type in words why the rule is being set aside.</source>
        <extracomment>{reason} is what reached the reason box: a number, e.g. a card scanned into it.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="215"/>
        <source>In-house use count must be between 1 and 999, not {count}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="219"/>
        <source>No patron card: {problem}</source>
        <extracomment>{problem} is one of the &quot;“{scanned}” …&quot; sentences about a scanned number.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="220"/>
        <source>“{number}” is an item barcode, not a patron card. Scan the patron&apos;s card first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="224"/>
        <source>No patron with card “{number}” on this laptop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="227"/>
        <source>“{number}” is a patron card, not an item. Scan the item&apos;s barcode.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="230"/>
        <source>Not in the catalogue: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="231"/>
        <source>No item with barcode “{barcode}” in this laptop&apos;s catalogue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="234"/>
        <source>That loan is no longer open; it may have been returned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="237"/>
        <source>There is no action number {seq} to undo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="240"/>
        <source>Action {seq} was already undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="242"/>
        <source>A {kind} action cannot be undone here.</source>
        <extracomment>{kind} is the action&apos;s internal name, e.g. patron_register.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="243"/>
        <source>The item of that action is no longer in the catalogue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="246"/>
        <source>{title} has been returned since; nothing to undo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="249"/>
        <source>{title} has been lent again since; nothing to undo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="253"/>
        <source>{title} is not due to move yet: due {due} either way. No renewal was used.</source>
        <extracomment>{title} is the item&apos;s title; {due} its due date, which a renewal today would keep.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="259"/>
        <source>Card “{number}” was reported lost on {lost} and cannot be used. Find the patron by name (Ctrl+K).</source>
        <extracomment>A scan of a card that was replaced because it was lost. {number}: the card; {lost}: the day it was reported lost (a date).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="264"/>
        <source>Type at least two letters of the patron&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="268"/>
        <source>“{typed}” is not a date of birth; type it as on the sign-up form, or leave it empty.</source>
        <extracomment>{typed}: what was typed as a date of birth.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="274"/>
        <source>{title} is on loan to {initials}, card ending {card}, due {due}: return it before counting the use.</source>
        <extracomment>In-house use of an item still on loan. {initials}: the borrower&apos;s, e.g. &quot;A. L.&quot;; {card}: the last four digits of their card; {due}: a date.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="289"/>
        <source>Checkout of {title} undone.</source>
        <extracomment>{title} is the item&apos;s title.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="290"/>
        <source>Return of {title} undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="291"/>
        <source>Renewal of {title} undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="292"/>
        <source>In-house use of {title} undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/text.py" line="169"/>
        <source>HOLD for {0}: route it</source>
        <extracomment>The library&apos;s currency (the ``currency`` setting), set by :func:`use_currency`.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/text.py" line="171"/>
        <source>HOLD: put it on the hold shelf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/text.py" line="173"/>
        <source>Belongs to {0}: route it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/text.py" line="174"/>
        <source>Shelve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/text.py" line="180"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_print.py" line="119"/>
        <location filename="../../src/popup/ui/signup/card_print.py" line="123"/>
        <location filename="../../src/popup/ui/text.py" line="183"/>
        <source>d MMM yyyy</source>
        <extracomment>Narrowest Codabar element: 0.25 mm reads on common library CCD and laser scanners. The sign-up form&apos;s languages (stored by their English names) and the translation each card is printed with; a language with no translation prints in the staff&apos;s language. The patron&apos;s preferred language as the sign-up stored it (&quot;Spanish&quot;), or &quot;&quot;. The language the card is printed in (&quot;es&quot;), or &quot;&quot; for the staff&apos;s.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>events</name>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="38"/>
        <source>Registered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="39"/>
        <source>Waitlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="40"/>
        <source>Checked in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="41"/>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="59"/>
        <location filename="../../src/popup/ui/events/models.py" line="71"/>
        <source>On-site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="60"/>
        <location filename="../../src/popup/ui/events/models.py" line="73"/>
        <source>Off-site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="91"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="92"/>
        <source>Band</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="93"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="142"/>
        <source>Has a library card on file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="178"/>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="179"/>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="181"/>
        <source>By card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="182"/>
        <location filename="../../src/popup/ui/events/models.py" line="209"/>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="26"/>
        <source>Checkouts</source>
        <extracomment>Activity series: group key, label, colour.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="27"/>
        <source>Returns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="28"/>
        <source>Renewals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="29"/>
        <source>In-house uses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="30"/>
        <source>New patrons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="31"/>
        <source>Attendance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="58"/>
        <source>Attendance by age band</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="76"/>
        <source>Age band</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="78"/>
        <source>People</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="86"/>
        <source>Activity through the day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="105"/>
        <source>no activity yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/charts.py" line="108"/>
        <source>Actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/models.py" line="50"/>
        <source>ddd d MMM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="103"/>
        <source>{0}: circulation all day (the stop was not opened on this laptop, so the whole day counts).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="111"/>
        <source>{0} (when the stop was opened on this laptop)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="115"/>
        <source>{0} (half an hour before its planned start)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="119"/>
        <source>the start of the day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="121"/>
        <source>{0} (when the next stop began)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="125"/>
        <source>the end of the day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="127"/>
        <source>the end of {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="130"/>
        <source>{0}: circulation from {1} to {2}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/page.py" line="81"/>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/events/report.py" line="167"/>
        <source>Stop report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="824"/>
        <source>The stop name is empty; type a stop name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="825"/>
        <source>The event title is empty; type an event title.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="828"/>
        <source>The event type is empty; type an event type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="831"/>
        <source>The name is empty; type a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="833"/>
        <source>The stop name is too long ({length} characters, at most {limit}).</source>
        <extracomment>{length} and {limit} are numbers of characters.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="836"/>
        <source>The place is too long ({length} characters, at most {limit}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="839"/>
        <source>The event title is too long ({length} characters, at most {limit}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="842"/>
        <source>The event type is too long ({length} characters, at most {limit}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="845"/>
        <source>The audience is too long ({length} characters, at most {limit}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="848"/>
        <source>The name is too long ({length} characters, at most {limit}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="851"/>
        <source>The stop&apos;s start time has no time zone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="854"/>
        <source>The stop&apos;s end time has no time zone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="855"/>
        <source>The stop ends before it starts; check the start and end times.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="858"/>
        <source>That stop is not on this laptop any more; choose another stop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="861"/>
        <source>That event is not on this laptop any more; choose another event.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="864"/>
        <source>That registration is not on this laptop any more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="868"/>
        <source>The capacity must be 1 or more, not {capacity}; leave it empty.</source>
        <extracomment>{capacity} is the number staff typed.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="872"/>
        <source>Not a library card: {problem}</source>
        <extracomment>{problem} is one of the &quot;“{scanned}” …&quot; sentences about a scanned number.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="873"/>
        <source>“{number}” is an item barcode, not a library card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="876"/>
        <source>Card “{number}” was reported lost on {lost} and cannot be used: count the person with the +1 of their age band instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="881"/>
        <source>Card {number} is already on this event&apos;s list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="885"/>
        <source>{name}&apos;s registration was already cancelled.</source>
        <extracomment>{name} is the name on the event&apos;s list.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="888"/>
        <source>{name}&apos;s registration was cancelled; register them again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="891"/>
        <source>{name} is already checked in and counted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="895"/>
        <source>A counter changes by +1 or -1, not {delta}.</source>
        <extracomment>{delta} is a number.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="897"/>
        <source>The {band} count is already zero; there is nothing to take off.</source>
        <extracomment>{band} is the library&apos;s name for an age band, e.g. &quot;Children 0–5&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="901"/>
        <source>There is no age band “{code}”; the bands are {known}.</source>
        <extracomment>{code} is a band code; {known} lists the library&apos;s band codes.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="905"/>
        <source>{subject}: choose the age band to count them in.</source>
        <extracomment>{subject} is the attendee&apos;s name, or &quot;Card 2112… (not on this laptop)&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>failures</name>
    <message>
        <location filename="../../src/popup/ui/actions.py" line="111"/>
        <source>the disk is full. Free some space on this laptop, then try again.</source>
        <extracomment>What kind of failure it was (the log&apos;s word for it). What kind of failure it was, for staff (after &quot;Not saved: &quot;); ``{0}`` is a technical name. (A failed save of the store is the store&apos;s own keyed sentence: see the module&apos;s notes.)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/actions.py" line="114"/>
        <source>the file cannot be written (read-only). Choose a folder you can write to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/actions.py" line="117"/>
        <source>the disk could not be read or written (I/O error). Try again; if it happens again, check the disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/actions.py" line="122"/>
        <source>the store reported an error ({0}). Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/actions.py" line="123"/>
        <source>something unexpected went wrong ({0}). It was logged; try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/actions.py" line="128"/>
        <source>Not saved: {0}</source>
        <extracomment>The sentence around it, for an action that writes and for one that only reads.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/actions.py" line="129"/>
        <source>Not done: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>holds</name>
    <message>
        <location filename="../../src/popup/ui/holds/slip.py" line="22"/>
        <source>any stop of {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/slip.py" line="26"/>
        <source>HOLD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/slip.py" line="27"/>
        <source>For {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/slip.py" line="28"/>
        <source>Card …{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/slip.py" line="29"/>
        <source>Pick up at: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/holds/slip.py" line="30"/>
        <source>Keep until {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>idle</name>
    <message>
        <location filename="../../src/popup/ui/text.py" line="204"/>
        <source>Cleared after 1 minute without activity.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/text.py" line="206"/>
        <source>Cleared after %n minutes without activity.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/text.py" line="210"/>
        <source>Cleared after 1 second without activity.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/text.py" line="211"/>
        <source>Cleared after %n seconds without activity.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>payments</name>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="48"/>
        <source>cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="49"/>
        <source>card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="50"/>
        <source>other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="52"/>
        <source>waiver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="58"/>
        <source>Owes {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="60"/>
        <source>Credit of {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="61"/>
        <source>Owes nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="108"/>
        <location filename="../../src/popup/ui/desk/payment.py" line="132"/>
        <source>Payment or waiver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="112"/>
        <source>{0} · card ending {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="128"/>
        <source>Payment (money taken)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="130"/>
        <source>Waiver (fines written off)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="136"/>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="138"/>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="144"/>
        <source>&amp;Keep the rest as a credit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="147"/>
        <source>Take more than is owed and keep the difference for later fines.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="153"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="155"/>
        <source>e.g. paid for the lost DVD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="162"/>
        <source>&amp;Record a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="163"/>
        <source>&amp;Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="164"/>
        <source>&amp;Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="166"/>
        <source>&amp;Note (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="194"/>
        <source>Cancel (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="195"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="199"/>
        <source>Record (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="200"/>
        <source>Record the payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="261"/>
        <source>Balance after: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="324"/>
        <source>Fines waived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="325"/>
        <source>Waived: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="327"/>
        <location filename="../../src/popup/ui/desk/payment.py" line="380"/>
        <source>Payment receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="328"/>
        <source>Paid: {0} ({1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="334"/>
        <source>credit of {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="340"/>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="342"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="345"/>
        <source>Owed before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="350"/>
        <source>Kept as credit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="357"/>
        <source>Credit on account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="360"/>
        <source>Still owed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="361"/>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/desk/payment.py" line="366"/>
        <source>Thank you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1211"/>
        <source>Type the amount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1213"/>
        <source>“{text}” is not an amount; type a number such as 6.50.</source>
        <extracomment>{text} is what staff typed as the amount.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1216"/>
        <source>“{text}” has more than two decimals; type whole cents.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1219"/>
        <source>The amount is zero: nothing to record. Type the amount paid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1222"/>
        <source>“{text}” is negative: a payment cannot be below zero. Type the amount paid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1227"/>
        <source>That is more than {limit}, the most one payment may record.</source>
        <extracomment>{limit} is an amount of money, e.g. 100000.00 (no currency sign).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1230"/>
        <source>The patron owes nothing: there is nothing to waive.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1234"/>
        <source>A waiver of {amount} is more than the {owed} owed; waive at most {owed}.</source>
        <extracomment>{amount} and {owed} are amounts of money, e.g. 6.50 (no currency sign).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1237"/>
        <source>{amount} is more than the {owed} owed. Take {owed}, or tick “Keep the rest as a credit”.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>signup</name>
    <message>
        <location filename="../../src/popup/ui/text.py" line="219"/>
        <source>Child</source>
        <extracomment>The default patron categories&apos; names (popup.domain.age_bands), translated wherever they are shown; a library&apos;s own names are shown as the library wrote them.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/text.py" line="220"/>
        <source>Teen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/text.py" line="221"/>
        <source>Adult</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/text.py" line="222"/>
        <source>Senior</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_print.py" line="240"/>
        <source>{0} · valid to {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_print.py" line="255"/>
        <location filename="../../src/popup/ui/signup/card_print.py" line="260"/>
        <source>TEMPORARY CARD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_print.py" line="267"/>
        <source>Replaced by a permanent number at the next sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_print.py" line="298"/>
        <source>Show this card (or a photo of it) to borrow. If found, please return it to the library.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_print.py" line="321"/>
        <source>Library card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/card_print.py" line="359"/>
        <source>The printer could not be started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/signup/page.py" line="65"/>
        <source>Sign up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="303"/>
        <source>Name is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="304"/>
        <source>Date of birth is required (it sets the patron&apos;s category)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="307"/>
        <source>Address is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="308"/>
        <source>Phone is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="309"/>
        <source>Email is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="310"/>
        <source>Preferred language is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="311"/>
        <source>Notes are required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="313"/>
        <source>Too long ({length} characters; at most {limit})</source>
        <extracomment>{length} and {limit} are numbers of characters.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="315"/>
        <source>“{name}” is not a name: it has no letters</source>
        <extracomment>{name} is what staff typed as the name.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="317"/>
        <source>“{text}” is not a date; type it as YYYY-MM-DD, e.g. 2014-03-09</source>
        <extracomment>{text} is what staff typed as the date of birth; keep YYYY-MM-DD as it is typed.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="321"/>
        <source>“{text}” is not a date; type it as month/day/year, e.g. 03/09/2014, or YYYY-MM-DD</source>
        <extracomment>The same, where the UI&apos;s language writes month/day/year (US English).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="326"/>
        <source>“{text}” is not a date; type it as day/month/year, e.g. 09/03/2014, or YYYY-MM-DD</source>
        <extracomment>The same, where the UI&apos;s language writes day/month/year (Spanish); keep YYYY-MM-DD.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="330"/>
        <source>“{text}” is not a real date (check the month and day)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="334"/>
        <source>Date of birth {born} is in the future (today is {today})</source>
        <extracomment>{born} and {today} are dates written as the desk writes dates.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="338"/>
        <source>Date of birth {born} would make the patron over {max_age}; check the year</source>
        <extracomment>{max_age} is a number of years.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="342"/>
        <source>“{email}” is not an email address: it contains a space</source>
        <extracomment>{email} is what staff typed as the email address.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="345"/>
        <source>“{email}” is not an email address: it needs exactly one @</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="348"/>
        <source>“{email}” is not an email address: text is missing before or after the @</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="351"/>
        <source>“{email}” is not an email address: it has misplaced dots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="354"/>
        <source>“{email}” is not an email address (expected something like name@example.org)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="359"/>
        <source>“{phone}” is not a phone number: use digits, spaces, dashes and a leading +</source>
        <extracomment>{phone} is what staff typed as the phone number.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="363"/>
        <source>“{phone}” is too short for a phone number ({digits} digits; at least 7)</source>
        <extracomment>{digits} is how many digits were typed.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="366"/>
        <source>“{phone}” is too long for a phone number ({digits} digits; at most 15)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="369"/>
        <source>Give a phone number or an email address (at least one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="373"/>
        <source>No patron category fits age {age}</source>
        <extracomment>{age} is the patron&apos;s age in years.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="375"/>
        <source>A guardian&apos;s name is required: the patron is {age}, under {adult_age}</source>
        <extracomment>{age} and {adult_age} are ages in years.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="379"/>
        <source>Guardian&apos;s card: {problem}</source>
        <extracomment>{problem} is one of the &quot;“{scanned}” …&quot; sentences about a scanned number.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="380"/>
        <source>The patron must agree to the privacy notice before signing up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="392"/>
        <source>This store has no device identity; open it with Popup to create one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="402"/>
        <source>The card block {first}-{last} overlaps a block this device holds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="414"/>
        <source>{count} patron(s) on this laptop may be the same person; open the existing patron or create the new one anyway</source>
        <extracomment>{count} is how many patrons on this laptop look like the one being signed up.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="395"/>
        <source>Internal error: the temporary card number and action seq differ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="399"/>
        <source>A card block must run from a number up to a larger one ({first}-{last})</source>
        <extracomment>{first} and {last} are card sequence numbers.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="406"/>
        <source>No patron with temporary card “{card}” on this laptop</source>
        <extracomment>{card} is a card number.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="409"/>
        <source>Card “{card}” is not a temporary card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="410"/>
        <source>Card “{card}” already belongs to a patron on this laptop</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>staff</name>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1253"/>
        <source>Nobody is signed in. Sign in with your login or badge and your PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1257"/>
        <source>Please ask a staff member.</source>
        <extracomment>Said to a volunteer who tries something only staff may do.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1258"/>
        <source>Your account may not do this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1259"/>
        <source>No staff member here has that login or badge. Check it and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1263"/>
        <source>Wrong PIN. Try again in {wait} s.</source>
        <extracomment>{wait} is a number of seconds (0: try again now).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1264"/>
        <source>Wrong PIN. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1266"/>
        <source>Too many wrong PINs. Wait {wait} s before the next try.</source>
        <extracomment>{wait} is a number of seconds.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1269"/>
        <source>Too many wrong PINs: this account is locked on this laptop. Another staff member can unlock it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1274"/>
        <source>This account may no longer sign in on this laptop. Ask the administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1277"/>
        <source>Only a staff member can approve this. Ask a staff member for their PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1280"/>
        <source>This laptop already has staff accounts: sign in with one of them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1283"/>
        <source>A login is 1 to 64 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1284"/>
        <source>Type the staff member&apos;s name (at most 200 characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1287"/>
        <source>A PIN is 4 to 12 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1288"/>
        <source>That account is not locked.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>store</name>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="920"/>
        <source>The store file {path} is damaged or is not a Popup store, so Popup cannot open it. It was not changed. Quit Popup and run “popup recover”: it keeps this file and the files beside it, and copies everything that can still be read. Do not move or delete these files by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="928"/>
        <source>The store file {path} is damaged: its integrity check found {count} problem(s). It was not changed. Quit Popup and run “popup recover”: it keeps this file and the files beside it, and copies everything that can still be read. Do not move or delete these files by hand.</source>
        <extracomment>{count} is a number of problems.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="935"/>
        <source>The store file {path} is empty (0 bytes), so it is damaged or is not a Popup store. It was not changed. Quit Popup and run “popup recover”: it keeps this file and starts a new store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="942"/>
        <source>The store file {path} is intact, but the journal beside it ({journal}) belongs to another copy of the file, so together they look damaged. Nothing was changed. Quit Popup and run “popup recover”: it sets that journal aside, keeping it, and opens the store.</source>
        <extracomment>{journal} is the store&apos;s journal file (its name ends in -wal).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="949"/>
        <source>The store file {path} is missing, but its journal {journal} is still there and may hold confirmed actions. If you moved the store file, put it back beside its journal and start Popup again; otherwise run “popup recover”, which keeps the journal and starts a new store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="956"/>
        <source>The file {path} holds a database that is not a Popup store. It was not changed. Start Popup with another data folder, or run “popup recover” to set the file aside (keeping it) and start a new store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="963"/>
        <source>The store file {path} was written by a newer version of Popup (schema {revision}). Install that version again; this file was not changed.</source>
        <extracomment>{revision} is a schema name, e.g. 0005.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="968"/>
        <source>The store file {path} is locked by another program. Close any other Popup window or database tool using it, then start Popup again. If it is still locked after restarting the computer, run “popup recover”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="974"/>
        <source>Popup or another program is still using the store file {path}. Close every Popup window and any database tool, then run “popup recover” again. Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="980"/>
        <source>The file {path} is read-only, so Popup cannot save anything. It is not damaged. Make it writable for your user account (in its properties or permissions), then start Popup again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="986"/>
        <source>The data folder {folder} is read-only, so Popup cannot keep its store there. Nothing is damaged. Make the folder writable for your user account, or start Popup with another data folder (--home).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="992"/>
        <source>There is a folder where the store file should be: {path}. Popup did not change it. Move or rename that folder, then start Popup again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="998"/>
        <source>Popup backs up the store before updating it, but there is not enough free disk space in {folder}: {needed_mb} MB needed, {free_mb} MB free. Nothing was changed. Free some space, then start Popup again.</source>
        <extracomment>{needed_mb} and {free_mb} are numbers of megabytes.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1004"/>
        <source>Popup could not back up the store to {folder} before updating it: the disk refused the copy. Nothing was changed and no partial copy was left. Check that the disk has room and works, then start Popup again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1010"/>
        <source>The recovery needs {needed_mb} MB of free disk space in {folder} for its copies, and only {free_mb} MB are free. Nothing was changed. Free some space, then run “popup recover” again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1016"/>
        <source>A recovery of the store file {path} was interrupted. Run “popup recover” again to finish it; nothing is lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1021"/>
        <source>The file {path} is damaged or is not a Popup store, so it cannot replace the store. Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1026"/>
        <source>The disk that holds {path} is full, so Popup cannot start. Free some space on this laptop, then start Popup again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1031"/>
        <source>The disk reported an error while Popup was using {path}. Copy the data folder to a safe place and check the disk, then start Popup again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1036"/>
        <source>The store file {path} cannot keep the journal Popup needs for safe saving (is it on a network drive?). Keep the data folder on this laptop&apos;s own disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1042"/>
        <source>The store file {path} cannot be opened: {reason}</source>
        <extracomment>{reason} is the operating system&apos;s own (English) words.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1047"/>
        <source>The key in {where} is not the key of the store file {path}, so Popup cannot read the store. Put back this laptop&apos;s own key (or key file) and start Popup again. Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1053"/>
        <source>That passphrase does not open the store {path}. Nothing was changed: start Popup again and type the passphrase chosen for this laptop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1058"/>
        <source>The store {path} is locked with a passphrase, and none was typed. Start Popup again and type it when asked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1063"/>
        <source>Choose a passphrase of at least {count} characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1066"/>
        <source>This computer has no credential store Popup can use ({backend}), and the store&apos;s key was kept in one. Start Popup in the session where it was set up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1071"/>
        <source>The computer&apos;s credential store ({backend}) did not answer, so the store&apos;s key could not be read or kept. Unlock it (sign in to the session again) and start Popup again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1077"/>
        <source>The key of the store {path} is no longer in this computer&apos;s credential store, so Popup cannot read the store. Nothing was changed; ask the administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1082"/>
        <source>The store&apos;s key file {path} is missing or cannot be read, so Popup cannot read the store. Put the key file back (is its drive plugged in?) and start Popup again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1088"/>
        <source>The store&apos;s key file {path} cannot be written. Choose a folder you can write.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1091"/>
        <source>The file {path}, which says where the store&apos;s key is kept, cannot be read. Nothing was changed; ask the administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1097"/>
        <source>The store file {path} is encrypted, but the file that says where its key is kept, {record}, is missing. Nothing was changed: restore {record} from where it was copied (with the store, a backup drive) and start Popup again. Without its key the store cannot be read.</source>
        <extracomment>{record} is the key record file (&lt;store&gt;.cipher.json) that is not there.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1104"/>
        <source>A key file {path} is already there, and Popup never writes over a key: it may be the key of a store. Nothing was changed: move it away only if no store needs it, or choose another place for the new key (POPUP_KEY_FILE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1111"/>
        <source>POPUP_KEY_STORE is “{value}”: it must be keyring, file or passphrase.</source>
        <extracomment>{value} is what POPUP_KEY_STORE was set to.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1115"/>
        <source>The encrypted copy of the store {path} did not match it, so the store was not replaced and is still unencrypted. Quit Popup and run “popup recover”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1122"/>
        <source>Not saved: the disk is full. Free some space on this laptop, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1125"/>
        <source>Not saved: another program is holding the store locked. Close any other Popup window or database tool, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1130"/>
        <source>Not saved: the store file {path} has become read-only. Make it writable for your user account, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1135"/>
        <source>Not saved: the disk reported an error. Try again; if it happens again, quit Popup, copy the data folder to a safe place and check the disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="1140"/>
        <source>Not saved: the store file turned out to be damaged. Quit Popup and run “popup recover”.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>store_key</name>
    <message>
        <location filename="../../src/popup/ui/store_key.py" line="127"/>
        <source>Popup: where to keep the store&apos;s key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/store_key.py" line="130"/>
        <source>This computer has no credential store Popup can use ({backend}), so the key that encrypts Popup&apos;s store cannot be kept there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/store_key.py" line="137"/>
        <source>Choose where to keep it. A key file is kept beside the store, readable only by you: the store opens by itself, but a thief who takes the laptop takes the key too. A passphrase is asked at every start and kept nowhere: the store stays locked without it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/store_key.py" line="146"/>
        <source>Key &amp;file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/store_key.py" line="149"/>
        <source>&amp;Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <location filename="../../src/popup/ui/sync/page.py" line="52"/>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="428"/>
        <source>Not connected to a sync server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="429"/>
        <source>Checking the sync server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="430"/>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="431"/>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="433"/>
        <source>{count} waiting to upload</source>
        <extracomment>{count} is a number of actions not yet uploaded.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="434"/>
        <source>last sync never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="435"/>
        <source>last sync just now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="437"/>
        <source>last sync {count} min ago</source>
        <extracomment>{count} is a number of minutes.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="439"/>
        <source>last sync {count} h ago</source>
        <extracomment>{count} is a number of hours.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="441"/>
        <source>last sync {count} days ago</source>
        <extracomment>{count} is a number of days.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="443"/>
        <source>{count} to review</source>
        <extracomment>{count} is a number of inbox entries staff have not marked done.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="444"/>
        <source>this laptop&apos;s clock is {minutes} min behind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="445"/>
        <source>this laptop&apos;s clock is {minutes} min ahead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="457"/>
        <source>The sync server address “{url}” must start with http:// or https://.</source>
        <extracomment>{url} is the server address staff typed.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="460"/>
        <source>This laptop is not enrolled with a sync server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="464"/>
        <source>The sync server did not answer within {seconds} seconds.</source>
        <extracomment>{seconds} is a number of seconds.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="467"/>
        <source>Cannot reach the sync server at {url} (no network, or it is down).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="471"/>
        <source>The exchange with the sync server failed: {problem}</source>
        <extracomment>{problem} is the network library&apos;s own (English) description.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="475"/>
        <source>The sync server sent an unreadable answer to {path} (status {status}).</source>
        <extracomment>{path} is a server address path, {status} an HTTP status number.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="479"/>
        <source>The sync server is temporarily unavailable: {message}</source>
        <extracomment>{message} is the server&apos;s own (English) message.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="482"/>
        <source>The sync server does not recognise this laptop. Enroll it again with a new code from the administrator; the data on this laptop is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="487"/>
        <source>This laptop was revoked at the sync server, so it cannot upload or download. Its data stays on the laptop; ask the administrator for a new enrollment code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="492"/>
        <source>The sync server refused this laptop: {message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="494"/>
        <source>The sync server keeps asking for action {seq}; the upload cannot continue. Tell the administrator.</source>
        <extracomment>{seq} is the number of an action of this laptop.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="500"/>
        <source>This laptop&apos;s actions do not match what the sync server already has from it (its data was probably restored from an older copy), so nothing more can be uploaded. Ask the administrator for a new enrollment code and enroll this laptop again; the actions waiting here then upload.</source>
        <extracomment>The server already holds other actions under this laptop&apos;s numbers (409 SEQ_CONFLICT).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="507"/>
        <source>Type the enrollment code the administrator gave you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="511"/>
        <source>The code “{code}” is not valid at {url}: it is unknown, already used or expired. Ask the administrator for a new one.</source>
        <extracomment>{code} is the code staff typed; {url} the sync server&apos;s address.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="517"/>
        <source>The sync server refused the enrollment: {message}</source>
        <extracomment>{message} is the server&apos;s own (English) message.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="521"/>
        <source>The sync server&apos;s enrollment answer lacks {field}.</source>
        <extracomment>{field} is the name of a field of the server&apos;s answer, e.g. &apos;token&apos;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="525"/>
        <source>This laptop&apos;s upload is malformed ({problem}); nothing was sent. Tell the administrator.</source>
        <extracomment>{problem} names the field of the upload that does not fit (English, for the admin).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="530"/>
        <source>The sync server answered the upload without any results; it will be tried again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="535"/>
        <source>The sync server&apos;s answer for action {seq} names another action (different id). Nothing was recorded; tell the administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="540"/>
        <source>The sync server expects action {seq} of this enrollment, which was uploaded under the laptop&apos;s earlier enrollment. Nothing was skipped; tell the administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="545"/>
        <source>The sync server expects action {seq}, which this laptop no longer has. Nothing was skipped; tell the administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="550"/>
        <source>The sync server keeps restarting the download from scratch; it will be tried again later. Tell the administrator if this goes on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="556"/>
        <source>The sync server address {url} is not secure (http:// sends the laptop&apos;s key and patrons&apos; data over the network unprotected); nothing was sent. Use its https:// address, or ask the administrator (who can allow it with POPUP_ALLOW_INSECURE_HTTP=1).</source>
        <extracomment>{url} is the sync server&apos;s address. POPUP_ALLOW_INSECURE_HTTP is a setting&apos;s name.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="564"/>
        <source>The sync server&apos;s identity could not be verified at {url} (its security certificate was not accepted), so nothing was sent. Check the address and the laptop&apos;s date, and tell the administrator; do not sync on this network until it is fixed.</source>
        <extracomment>{url} is the sync server&apos;s address.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="570"/>
        <source>This store is not the one this laptop was enrolled with (it was replaced or started afresh), so nothing was uploaded. Run “popup recover”, or enroll this laptop again with a new code from the administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="576"/>
        <source>This laptop&apos;s key for the sync server has expired, so it cannot upload or download. Enroll it again with a new code from the administrator; the data on this laptop is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="582"/>
        <source>A sync is already running on this laptop; this one was not started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="594"/>
        <source>The item was still on loan to another patron when it was checked out here. The checkout was accepted and the other loan was closed at the time of this checkout.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="599"/>
        <source>The patron was blocked at the consortium when this was done. It was accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="603"/>
        <source>The patron&apos;s card had expired. The action was accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="606"/>
        <source>The server does not know this item barcode, so the action was not recorded there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="610"/>
        <source>The server does not know this patron card, so the action was not recorded there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="614"/>
        <source>The loan had already been renewed as often as allowed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="617"/>
        <source>This sign-up looks like a patron who is already registered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="620"/>
        <source>The returned item belongs to, or is needed at, another library.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="623"/>
        <source>The returned item is on hold for a patron.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="624"/>
        <source>This item was returned here and a patron of this library is waiting for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="628"/>
        <source>This item was returned here and a patron at {library} is waiting for it.</source>
        <extracomment>{library} is a library&apos;s code, e.g. EAST.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="631"/>
        <source>This item was lent here while another patron was waiting for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="635"/>
        <source>This item was returned here, but it belongs to, or is needed at, {library}.</source>
        <extracomment>{library} is a library&apos;s code, e.g. EAST.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="640"/>
        <source>Staff overrode this at the desk; the reason given was “{reason}”.</source>
        <extracomment>Added after what happened when staff overrode a warning for this action at the desk; {reason} is what they typed.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="643"/>
        <source>This laptop&apos;s clock was wrong when the action was made; the action keeps the time the laptop gave it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="648"/>
        <source>The server had no record of the loan this action refers to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="651"/>
        <source>The item was returned here but the server had it as not on loan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="654"/>
        <source>The temporary card number given at sign-up was replaced by a real card number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="658"/>
        <source>The card used had been reported lost before this was done, so it was not recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="662"/>
        <source>The loan was already due on that date (renewed the same day elsewhere), so this renewal changed nothing and used no renewal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="667"/>
        <source>The checkout filled the patron&apos;s hold: they picked it up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="670"/>
        <source>The patron&apos;s hold had already been filled by another copy before this checkout. The loan was accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="675"/>
        <source>The hold this was meant for had expired or was cancelled by then. The action was accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="680"/>
        <source>The library system refused this action when the server passed it on; its reason is in the message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="685"/>
        <source>The server passed this on to the library system but its answer was lost, and it could not check whether it was recorded there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="690"/>
        <source>The library system cannot be told this automatically (a waiver, or taking back something it already has).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="695"/>
        <source>By the time this payment reached the server the patron owed less than at the desk. The whole payment was recorded and the rest kept as a credit (a waiver only waived what was still owed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="701"/>
        <source>The server does not know the staff member who made this action (an account made on another server, or removed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="706"/>
        <source>The staff member who made this action may not make it (a volunteer&apos;s override with no staff approval, or an account disabled by then).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="711"/>
        <source>The server did not accept this action.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="713"/>
        <source>The server reported “{code}” for this action.</source>
        <extracomment>{code} is the server&apos;s outcome code, e.g. NEW_RULE.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="723"/>
        <source>Check the shelf and the other patron&apos;s account; if they still have a copy, contact them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="728"/>
        <source>Tell the patron about the block at their next visit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="731"/>
        <source>Renew the patron&apos;s card at their next visit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="732"/>
        <source>Look at the item: re-label it or give it to cataloguing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="735"/>
        <source>Find the patron&apos;s correct card and redo the action, or register the patron.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="738"/>
        <source>Ask the patron to return the item, or extend it at the library if policy allows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="742"/>
        <source>Compare the two records at the consortium and merge them if they are the same person.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="746"/>
        <source>Put it in the transit box for the library named in the message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="749"/>
        <source>Set it aside with a hold slip for the pickup library in the message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="752"/>
        <source>Put it on the hold shelf with a hold slip.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="754"/>
        <source>Put a hold slip in it and send it to {library} in the transit box.</source>
        <extracomment>{library} is a library&apos;s code, e.g. EAST.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="757"/>
        <source>Tell the holds staff, so that the waiting patron is looked after.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="761"/>
        <source>Put it in the transit box for {library}.</source>
        <extracomment>{library} is a library&apos;s code, e.g. EAST.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="762"/>
        <source>Set the laptop&apos;s date and time correctly in the system settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="765"/>
        <source>Check the item&apos;s status at the consortium and correct it there if needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="768"/>
        <source>Nothing to do unless the item&apos;s status at the consortium looks wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="771"/>
        <source>Print the new card and give it to the patron at their next visit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="774"/>
        <source>Someone may be using a lost card: check the item and tell the patron who owns the card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="779"/>
        <source>Nothing to do: the due date the patron was given still holds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="782"/>
        <source>Nothing to do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="783"/>
        <source>Nothing to do unless the patron now has two copies they did not want.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="786"/>
        <source>If a copy was set aside for the hold, shelve it or send it home.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="789"/>
        <source>Record it in the library system by hand, or settle why it refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="792"/>
        <source>Look in the library system; record it there by hand if it is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="795"/>
        <source>Record it in the library system by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="796"/>
        <source>Ask the patron whether to refund the credit or keep it for later fines; the amount is in the message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="801"/>
        <source>Check the item or patron by hand, and ask the administrator about the account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="804"/>
        <source>A staff member should look at the patron and the item and redo the action if it was right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="809"/>
        <source>Read the message, then redo the action correctly or tell the administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/domain/messages.py" line="812"/>
        <source>Read the message and tell the administrator if it is unclear.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="99"/>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="71"/>
        <source>{0}, card …{1}</source>
        <extracomment>Glues the card&apos;s digits to the &quot;…&quot; before them: a narrow column wraps the patron&apos;s words, never &quot;card …&quot; from &quot;0042&quot; (a zero-width character: nothing shows). {0}: the patron&apos;s initials, e.g. &quot;A. L.&quot;; {1}: the last 4 digits of their card.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="75"/>
        <source>card …{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="89"/>
        <source>Code {0}. The server answered on {1}: “{2}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="100"/>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="101"/>
        <source>Patron</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="102"/>
        <source>What happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="103"/>
        <source>What to do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/popup/ui/sync/inbox.py" line="125"/>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
