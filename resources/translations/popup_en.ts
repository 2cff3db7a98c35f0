<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CheckoutPage</name>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/checkout.py" line="802"/>
        <source>Loans renewed: %n.</source>
        <translation>
            <numerusform>Loans renewed: %n.</numerusform>
            <numerusform>Loans renewed: %n.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/checkout.py" line="806"/>
        <source>Not due to move yet, no renewal used: %n ({0}).</source>
        <translation>
            <numerusform>Not due to move yet, no renewal used: %n ({0}).</numerusform>
            <numerusform>Not due to move yet, no renewal used: %n ({0}).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/checkout.py" line="812"/>
        <source>Not renewed: %n ({0}).</source>
        <translation>
            <numerusform>Not renewed: %n ({0}).</numerusform>
            <numerusform>Not renewed: %n ({0}).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InHousePage</name>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/in_house.py" line="73"/>
        <source>Uses counted: %n</source>
        <translation>
            <numerusform>Uses counted: %n</numerusform>
            <numerusform>Uses counted: %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LookupDialog</name>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/cards.py" line="188"/>
        <source>Patrons found: %n.</source>
        <translation>
            <numerusform>Patrons found: %n.</numerusform>
            <numerusform>Patrons found: %n.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message numerus="yes">
        <location filename="../../src/popup/ui/store_key.py" line="55"/>
        <source>Choose the passphrase that locks this laptop&apos;s store. It is asked at every start; without it nobody, not even the administrator, can read the store. At least %n character(s).</source>
        <translation>
            <numerusform>Choose the passphrase that locks this laptop&apos;s store. It is asked at every start; without it nobody, not even the administrator, can read the store. At least %n character.</numerusform>
            <numerusform>Choose the passphrase that locks this laptop&apos;s store. It is asked at every start; without it nobody, not even the administrator, can read the store. At least %n characters.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/store_key.py" line="96"/>
        <source>Choose a passphrase of at least %n character(s).</source>
        <translation>
            <numerusform>Choose a passphrase of at least %n character.</numerusform>
            <numerusform>Choose a passphrase of at least %n characters.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PatronPanel</name>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="205"/>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="251"/>
        <source>%n item(s) out</source>
        <translation>
            <numerusform>%n item out</numerusform>
            <numerusform>%n items out</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="231"/>
        <source>%n hold(s) ready for pickup</source>
        <translation>
            <numerusform>%n hold ready for pickup</numerusform>
            <numerusform>%n holds ready for pickup</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="241"/>
        <location filename="../../src/popup/ui/desk/patron_panel.py" line="255"/>
        <source>Current loans: %n</source>
        <translation>
            <numerusform>Current loans: %n</numerusform>
            <numerusform>Current loans: %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PickListPage</name>
    <message numerus="yes">
        <location filename="../../src/popup/ui/holds/page.py" line="152"/>
        <source>%n hold(s) to deliver</source>
        <translation>
            <numerusform>%n hold to deliver</numerusform>
            <numerusform>%n holds to deliver</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/holds/page.py" line="154"/>
        <location filename="../../src/popup/ui/holds/page.py" line="188"/>
        <source>%n not on board yet</source>
        <translation>
            <numerusform>%n not on board yet</numerusform>
            <numerusform>%n not on board yet</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReturnPage</name>
    <message numerus="yes">
        <location filename="../../src/popup/ui/desk/returns.py" line="71"/>
        <source>Returned in this list: %n</source>
        <translation>
            <numerusform>Returned in this list: %n</numerusform>
            <numerusform>Returned in this list: %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message numerus="yes">
        <location filename="../../src/popup/ui/search/page.py" line="294"/>
        <source>Copies found: %n.</source>
        <translation>
            <numerusform>Copies found: %n.</numerusform>
            <numerusform>Copies found: %n.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StopReportPage</name>
    <message numerus="yes">
        <location filename="../../src/popup/ui/events/report.py" line="355"/>
        <source>%1: %n action(s)</source>
        <translation>
            <numerusform>%1: %n action</numerusform>
            <numerusform>%1: %n actions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/events/report.py" line="357"/>
        <source>, %n override(s) approved</source>
        <translation>
            <numerusform>, %n override approved</numerusform>
            <numerusform>, %n overrides approved</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/events/report.py" line="416"/>
        <source>Saved the stop&apos;s circulation and %n event(s) to {0}</source>
        <translation>
            <numerusform>Saved the stop&apos;s circulation and %n event to {0}</numerusform>
            <numerusform>Saved the stop&apos;s circulation and %n events to {0}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message numerus="yes">
        <location filename="../../src/popup/ui/sync/page.py" line="180"/>
        <source>Could not reach the server at {0}. Popup keeps trying every %n second(s); nothing is lost: everything done here stays on this laptop until then.</source>
        <translation>
            <numerusform>Could not reach the server at {0}. Popup keeps trying every %n second; nothing is lost: everything done here stays on this laptop until then.</numerusform>
            <numerusform>Could not reach the server at {0}. Popup keeps trying every %n seconds; nothing is lost: everything done here stays on this laptop until then.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/popup/ui/sync/page.py" line="187"/>
        <source>Could not reach the server at {0}. Popup keeps trying every %n minute(s); nothing is lost: everything done here stays on this laptop until then.</source>
        <translation>
            <numerusform>Could not reach the server at {0}. Popup keeps trying every %n minute; nothing is lost: everything done here stays on this laptop until then.</numerusform>
            <numerusform>Could not reach the server at {0}. Popup keeps trying every %n minutes; nothing is lost: everything done here stays on this laptop until then.</numerusform>
        </translation>
    </message>
</context>
</TS>
