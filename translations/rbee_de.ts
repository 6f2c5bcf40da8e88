<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ConversationExport</name>
    <message>
        <location filename="../src/gui/conversationexport.cpp" line="+93"/>
        <source>Export as Markdown</source>
        <translation>Als Markdown exportieren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Export as JSON</source>
        <translation>Als JSON exportieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>DeviceText</name>
    <message>
        <location filename="../src/gui/devicetext.cpp" line="+25"/>
        <source>%1 GiB</source>
        <translation>%1 GiB</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This worker does not report its device&apos;s details (an older rbee-worker).</source>
        <translation>Dieser Worker meldet keine Details zu seinem Gerät (ein älterer rbee-worker).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Backend: %1</source>
        <translation>Backend: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Memory: %1 free of %2 (RAM)</source>
        <translation>Speicher: %1 von %2 frei (RAM)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Memory: %1 free of %2</source>
        <translation>Speicher: %1 von %2 frei</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 of %2 layers on the GPU</source>
        <translation>%1 von %2 Schichten auf der GPU</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.ui" line="+6"/>
        <source>rbee</source>
        <translation>rbee</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Worker:</source>
        <translation>Worker:</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Message (Enter sends, Shift+Enter for a new line)</source>
        <translation>Nachricht (Eingabetaste sendet, Umschalt+Eingabe für eine neue Zeile)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Workers</source>
        <translation>Worker</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Filter by id, model or address</source>
        <translation>Nach ID, Modell oder Adresse filtern</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Machines</source>
        <translation>Rechner</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;New chat</source>
        <translation>&amp;Neuer Chat</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conversation &amp;settings…</source>
        <translation>Einstellungen der &amp;Unterhaltung…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export as &amp;Markdown…</source>
        <translation>Als &amp;Markdown exportieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export as &amp;JSON…</source>
        <translation>Als &amp;JSON exportieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Copy last answer</source>
        <translation>Letzte Antwort &amp;kopieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Start a local worker…</source>
        <translation>Lokalen Worker &amp;starten…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Get a model…</source>
        <translation>Modell &amp;herunterladen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;ettings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
</context>
<context>
    <name>MarkdownRenderer</name>
    <message>
        <location filename="../src/gui/markdownrenderer.cpp" line="+81"/>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../src/app/guiapp.cpp" line="+52"/>
        <location line="+11"/>
        <source>rbee</source>
        <translation>rbee</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>rbee cannot listen for workers on %1:%2: %3.

Another rbee may be running. Use a free port instead? (Workers then need that port in --queen.)</source>
        <translation>rbee kann auf %1:%2 keine Verbindungen von Workern annehmen: %3.

Möglicherweise läuft bereits ein anderes rbee. Stattdessen einen freien Port verwenden? (Worker brauchen dann diesen Port in --queen.)</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../ui/settingsdialog.ui" line="+9"/>
        <source>rbee Settings</source>
        <translation>rbee-Einstellungen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Queen</source>
        <translation>&amp;Queen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Host a queen on this &amp;computer</source>
        <translation>Eine Queen auf diesem &amp;Computer betreiben</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The app runs the queen: workers and clients connect to this computer.</source>
        <translation>Die App betreibt die Queen: Worker und Clients verbinden sich mit diesem Computer.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Listen address:</source>
        <translation>Empfangs&amp;adresse:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The IP address the queen listens on for workers and clients. 127.0.0.1 = this computer only; 0.0.0.0 = every network.</source>
        <translation>Die IP-Adresse, auf der die Queen Verbindungen von Workern und Clients annimmt. 127.0.0.1 = nur dieser Computer; 0.0.0.0 = alle Netzwerke.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>0 picks a free port each start.</source>
        <translation>Bei 0 wird bei jedem Start ein freier Port gewählt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Token:</source>
        <translation>&amp;Token:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>none: anyone who can reach the port may use the workers</source>
        <translation>keins: Jeder, der den Port erreicht, kann die Worker nutzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;how</source>
        <translation>An&amp;zeigen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Heartbeat timeout:</source>
        <translation>&amp;Heartbeat-Timeout:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>A worker without a heartbeat for this long is shown offline.</source>
        <translation>Ein Worker, von dem so lange kein Heartbeat kommt, wird als offline angezeigt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Scheduling:</source>
        <translation>&amp;Verteilung:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Co&amp;nnect to a queen</source>
        <translation>Mit einer Queen ver&amp;binden</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The app shows the workers of a queen elsewhere (rbee --serve) and chats through it; it opens no port itself.</source>
        <translation>Die App zeigt die Worker einer Queen auf einem anderen Rechner (rbee --serve) und chattet über sie; sie öffnet selbst keinen Port.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Queen &amp;URL:</source>
        <translation>Queen-&amp;URL:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Queen to&amp;ken:</source>
        <translation>Queen-T&amp;oken:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>none: the queen needs no token</source>
        <translation>keins: die Queen verlangt kein Token</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sh&amp;ow</source>
        <translation>Anz&amp;eigen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Switching between hosting and connecting takes effect when rbee is started again.</source>
        <translation>Der Wechsel zwischen Betreiben und Verbinden wirkt beim nächsten Start von rbee.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;General</source>
        <translation>A&amp;llgemein</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Models folder:</source>
        <translation>&amp;Modellordner:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tray:</source>
        <translation>Infobereich:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep running in the system &amp;tray when the window is closed</source>
        <translation>Beim Schließen des Fensters im &amp;Infobereich weiterlaufen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Th&amp;eme:</source>
        <translation>Desi&amp;gn:</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>Changing the address, port or token restarts the queen; workers and clients then need the new address or token.</source>
        <translation>Eine Änderung von Adresse, Port oder Token startet die Queen neu; Worker und Clients brauchen dann die neue Adresse bzw. das neue Token.</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
</context>
<context>
    <name>StopReasonText</name>
    <message>
        <location filename="../src/core/client/stopreasontext.cpp" line="+9"/>
        <location line="+5"/>
        <source>reached the length limit</source>
        <translation>Längengrenze erreicht</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>reached a stop word</source>
        <translation>Stoppwort erreicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the model finished</source>
        <translation>das Modell ist fertig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped by you</source>
        <translation>von Ihnen gestoppt</translation>
    </message>
</context>
<context>
    <name>rbee::core::LocalWorker</name>
    <message>
        <location filename="../src/core/client/localworker.cpp" line="+139"/>
        <source>killed</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>terminated</source>
        <translation>beendet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>interrupted</source>
        <translation>unterbrochen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>hang-up</source>
        <translation>Verbindung beendet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>aborted</source>
        <translation>abgebrochen (abort)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>segmentation fault</source>
        <translation>Speicherzugriffsfehler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bus error</source>
        <translation>Busfehler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>illegal instruction</source>
        <translation>ungültiger Befehl</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>arithmetic error</source>
        <translation>Rechenfehler</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The worker could not be started.</source>
        <translation>Der Worker konnte nicht gestartet werden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The worker was stopped by signal %1 (%2).</source>
        <translation>Der Worker wurde durch Signal %1 gestoppt (%2).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The worker exited with code %1.</source>
        <translation>Der Worker wurde mit Code %1 beendet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The worker stopped.</source>
        <translation>Der Worker wurde beendet.</translation>
    </message>
</context>
<context>
    <name>rbee::gui::ChatSession</name>
    <message>
        <location filename="../src/gui/chatsession.cpp" line="+108"/>
        <source>The job ended without an answer.</source>
        <translation>Der Auftrag endete ohne Antwort.</translation>
    </message>
</context>
<context>
    <name>rbee::gui::ChatView</name>
    <message>
        <location filename="../src/gui/chatview.cpp" line="+50"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>unknown device</source>
        <translation>unbekanntes Gerät</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%L1 cached</source>
        <translation>%L1 aus dem Cache</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1 token</source>
        <translation>1 Token</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>first token %L1 ms</source>
        <translation>erstes Token %L1 ms</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%L1 tokens/s</source>
        <translation>%L1 Tokens/s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%L1 tokens</source>
        <translation>%L1 Tokens</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Copy message</source>
        <translation>Nachricht kopieren</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Assistant</source>
        <translation>Assistent</translation>
    </message>
    <message>
        <location line="+99"/>
        <source>Retry</source>
        <translation>Erneut versuchen</translation>
    </message>
</context>
<context>
    <name>rbee::gui::ConversationList</name>
    <message>
        <location filename="../src/gui/conversationlist.cpp" line="+29"/>
        <source>&amp;Rename</source>
        <translation>&amp;Umbenennen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export as &amp;Markdown…</source>
        <translation>Als &amp;Markdown exportieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export as &amp;JSON…</source>
        <translation>Als &amp;JSON exportieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Undo delete</source>
        <translation>Löschen &amp;rückgängig machen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shows the conversations whose title or text holds every word typed</source>
        <translation>Zeigt die Unterhaltungen, deren Titel oder Text jedes eingegebene Wort enthält</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <location line="+132"/>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deleted “%1”.</source>
        <translation>„%1“ gelöscht.</translation>
    </message>
</context>
<context>
    <name>rbee::gui::ConversationListModel</name>
    <message>
        <location filename="../src/gui/conversationlistmodel.cpp" line="+95"/>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Last changed %1</source>
        <translation>Zuletzt geändert %1</translation>
    </message>
</context>
<context>
    <name>rbee::gui::ConversationSettingsDialog</name>
    <message>
        <location filename="../src/gui/conversationsettingsdialog.cpp" line="+23"/>
        <source>Conversation settings</source>
        <translation>Einstellungen der Unterhaltung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Optional instructions for the model, sent before the conversation</source>
        <translation>Optionale Anweisungen an das Modell, vor der Unterhaltung gesendet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System prompt:</source>
        <translation>Systemprompt:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>0 always picks the most likely token</source>
        <translation>Bei 0 wird immer das wahrscheinlichste Token gewählt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Temperature:</source>
        <translation>Temperatur:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The worker takes at most %L1 tokens (its context size per slot)</source>
        <translation>Der Worker nimmt höchstens %L1 Tokens (seine Kontextgröße pro Slot)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Longest answer (tokens):</source>
        <translation>Maximale Antwortlänge (Tokens):</translation>
    </message>
</context>
<context>
    <name>rbee::gui::ErrorText</name>
    <message>
        <location filename="../src/gui/errortext.cpp" line="+10"/>
        <source>The request was not valid.</source>
        <translation>Die Anfrage war ungültig.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The queen refused the token.</source>
        <translation>Die Queen hat das Token abgelehnt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The queen refused the request.</source>
        <translation>Die Queen hat die Anfrage abgelehnt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not found.</source>
        <translation>Nicht gefunden.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The queen could not take the request.</source>
        <translation>Die Queen konnte die Anfrage nicht annehmen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The conversation is too long to send.</source>
        <translation>Die Unterhaltung ist zu lang zum Senden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+18"/>
        <source>Something went wrong inside rbee.</source>
        <translation>In rbee ist ein interner Fehler aufgetreten.</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>The worker answered with an error.</source>
        <translation>Der Worker hat mit einem Fehler geantwortet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The worker cannot be reached.</source>
        <translation>Der Worker ist nicht erreichbar.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The connection to the worker was lost during the answer.</source>
        <translation>Die Verbindung zum Worker ging während der Antwort verloren.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every worker for this model is busy.</source>
        <translation>Alle Worker für dieses Modell sind beschäftigt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The worker is still loading its model.</source>
        <translation>Der Worker lädt sein Modell noch.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The worker is stopping.</source>
        <translation>Der Worker wird gerade beendet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No worker serves this model.</source>
        <translation>Kein Worker stellt dieses Modell bereit.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The queen has too many connections.</source>
        <translation>Die Queen hat zu viele Verbindungen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No answer in time.</source>
        <translation>Keine Antwort in der vorgesehenen Zeit.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stopped.</source>
        <translation>Gestoppt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The model cannot be used.</source>
        <translation>Das Modell kann nicht verwendet werden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No worker serves or has served this model.</source>
        <translation>Kein Worker stellt dieses Modell bereit oder hat es bereitgestellt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The queen&apos;s table of workers is full.</source>
        <translation>Die Worker-Tabelle der Queen ist voll.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The queen cannot be reached.</source>
        <translation>Die Queen ist nicht erreichbar.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The machine&apos;s hive cannot be reached.</source>
        <translation>Der Hive des Rechners ist nicht erreichbar.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 (%2)</source>
        <comment>headline (core&apos;s English detail)</comment>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>rbee::gui::FirstRunOffer</name>
    <message>
        <location filename="../src/gui/firstrunoffer.cpp" line="+51"/>
        <location line="+6"/>
        <source>rbee</source>
        <translation>rbee</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>No worker is running. Start one on %1?</source>
        <translation>Es läuft kein Worker. Einen mit %1 starten?</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>There is no model in %1 yet, and no worker is running. Get one now?</source>
        <translation>In %1 gibt es noch kein Modell, und es läuft kein Worker. Jetzt eines herunterladen?</translation>
    </message>
</context>
<context>
    <name>rbee::gui::GetModelDialog</name>
    <message>
        <location filename="../src/gui/getmodeldialog.cpp" line="+35"/>
        <source>Gemma 3 270M instruct (Q8_0, smallest, fast)</source>
        <translation>Gemma 3 270M instruct (Q8_0, am kleinsten, schnell)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Good for quick questions, short texts and trying rbee out; runs on any computer.</source>
        <translation>Gut für kurze Fragen, kurze Texte und zum Ausprobieren von rbee; läuft auf jedem Computer.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SmolLM2 135M instruct (Q8_0, tiny)</source>
        <translation>SmolLM2 135M instruct (Q8_0, winzig)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Good for testing a cluster and for very slow machines; its answers are simple and often wrong.</source>
        <translation>Gut zum Testen eines Clusters und für sehr langsame Rechner; die Antworten sind einfach und oft falsch.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qwen3 0.6B (Q8_0, better answers, slower)</source>
        <translation>Qwen3 0.6B (Q8_0, bessere Antworten, langsamer)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Good for everyday chat, summaries and simple code; it thinks before it answers, so it is slower.</source>
        <translation>Gut für alltägliche Unterhaltungen, Zusammenfassungen und einfachen Code; es denkt vor der Antwort nach und ist daher langsamer.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+158"/>
        <source>&amp;Download</source>
        <translation>&amp;Herunterladen</translation>
    </message>
    <message>
        <location line="-157"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Get a Model</source>
        <translation>Modell herunterladen</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Other…</source>
        <translation>Anderes…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>owner/name, e.g. unsloth/gemma-3-270m-it-GGUF</source>
        <translation>Besitzer/Name, z. B. unsloth/gemma-3-270m-it-GGUF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>file name ending in .gguf</source>
        <translation>Dateiname mit der Endung .gguf</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Repository:</source>
        <translation>&amp;Repository:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;File:</source>
        <translation>Da&amp;tei:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save &amp;in:</source>
        <translation>Speichern &amp;in:</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>&amp;Use</source>
        <translation>&amp;Verwenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Already in the models folder.</source>
        <translation>Bereits im Modellordner.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Resume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 MB downloaded earlier.</source>
        <translation>%1 MB bereits heruntergeladen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Download size: %1</source>
        <translation>Downloadgröße: %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The repository must look like &quot;owner/name&quot;, not &quot;%1&quot;.</source>
        <translation>Das Repository muss die Form „Besitzer/Name“ haben, nicht „%1“.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file must be a plain file name ending in .gguf, not &quot;%1&quot;.</source>
        <translation>Die Datei muss ein einfacher Dateiname mit der Endung .gguf sein, nicht „%1“.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose a folder to save the model in.</source>
        <translation>Wählen Sie einen Ordner, in dem das Modell gespeichert wird.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Stopped. %1 MB are kept; press Resume to continue.</source>
        <translation>Angehalten. %1 MB bleiben erhalten; mit „Fortsetzen“ geht es weiter.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 of %2 MB</source>
        <translation>%1 von %2 MB</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Download failed: %1</source>
        <translation>Download fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Save models in</source>
        <translation>Modelle speichern in</translation>
    </message>
</context>
<context>
    <name>rbee::gui::HiveTreeModel</name>
    <message>
        <location filename="../src/gui/hivetreemodel.cpp" line="+45"/>
        <source>starting</source>
        <translation>startet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>stopping</source>
        <translation>wird beendet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>exited</source>
        <translation>beendet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <location line="+248"/>
        <source>rbee-hive %1 at %2
Offline: %3</source>
        <translation>rbee-hive %1 unter %2
Offline: %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rbee-hive %1 at %2</source>
        <translation>rbee-hive %1 unter %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+117"/>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <location line="-113"/>
        <source>RAM: %1 used, %2 free of %3</source>
        <translation>RAM: %1 belegt, %2 frei von %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 CPU cores</source>
        <translation>%1 CPU-Kerne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 free disk</source>
        <translation>%1 frei auf der Festplatte</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Devices (%1)</source>
        <translation>Geräte (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models (%1)</source>
        <translation>Modelle (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Workers (%1)</source>
        <translation>Worker (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transfers (%1)</source>
        <translation>Übertragungen (%1)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 B parameters</source>
        <translation>%1 Mrd. Parameter</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 M parameters</source>
        <translation>%1 Mio. Parameter</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 K parameters</source>
        <translation>%1 Tsd. Parameter</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 used, %2 free of %3</source>
        <translation>%1 belegt, %2 frei von %3</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>software</source>
        <translation>Software</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>context %1</source>
        <translation>Kontext %1</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>%1 received</source>
        <translation>%1 empfangen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 % (%2 of %3)</source>
        <translation>%1 % (%2 von %3)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>from hive %1</source>
        <translation>von Hive %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Machine</source>
        <translation>Rechner</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory / progress</source>
        <translation>Speicher / Fortschritt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>rbee::gui::MachinesView</name>
    <message>
        <location filename="../src/gui/machinesview.cpp" line="+46"/>
        <source>Start worker here…</source>
        <translation>Worker hier starten…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy model to…</source>
        <translation>Modell kopieren nach…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Download model to…</source>
        <translation>Modell herunterladen nach…</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>stopping</source>
        <translation>wird beendet</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No machine has joined yet. On each machine, run:
rbee-hive --queen %1 --token …</source>
        <translation>Noch kein Rechner ist beigetreten. Führen Sie auf jedem Rechner aus:
rbee-hive --queen %1 --token …</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>Starting a worker of %1 on %2…</source>
        <translation>Ein Worker für %1 wird auf %2 gestartet…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Could not start a worker of %1 on %2: %3</source>
        <translation>Konnte keinen Worker für %1 auf %2 starten: %3</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Started worker %1 on %2.</source>
        <translation>Worker %1 auf %2 gestartet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Started a worker of %1 on %2.</source>
        <translation>Ein Worker für %1 wurde auf %2 gestartet.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Stopping worker %1…</source>
        <translation>Worker %1 wird beendet…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopped worker %1.</source>
        <translation>Worker %1 beendet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Could not stop worker %1: %2</source>
        <translation>Konnte Worker %1 nicht beenden: %2</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Asking %1 to copy %2 from %3…</source>
        <translation>%1 wird gebeten, %2 von %3 zu kopieren…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is copying %2; the progress shows under Transfers.</source>
        <translation>%1 kopiert %2; den Fortschritt zeigt „Übertragungen“.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Could not copy %1 to %2: %3</source>
        <translation>Konnte %1 nicht nach %2 kopieren: %3</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Asking %1 to download %2…</source>
        <translation>%1 wird gebeten, %2 herunterzuladen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is downloading %2; the progress shows under Transfers.</source>
        <translation>%1 lädt %2 herunter; den Fortschritt zeigt „Übertragungen“.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Could not download %1 to %2: %3</source>
        <translation>Konnte %1 nicht nach %2 herunterladen: %3</translation>
    </message>
</context>
<context>
    <name>rbee::gui::MainWindow</name>
    <message>
        <location filename="../src/gui/mainwindow.cpp" line="+298"/>
        <location line="+253"/>
        <source>Automatic (the queen chooses)</source>
        <translation>Automatisch (die Queen wählt)</translation>
    </message>
    <message>
        <location line="-236"/>
        <source>%1 of %2 workers online</source>
        <translation>%1 von %2 Workern online</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 job running</source>
        <translation>1 Job läuft</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 jobs running</source>
        <translation>%1 Jobs laufen</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Could not save the conversation: %1</source>
        <translation>Die Unterhaltung konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <location line="+27"/>
        <location line="+97"/>
        <location line="+66"/>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <location line="-239"/>
        <source>Listening on %1</source>
        <translation>Erreichbar unter %1</translation>
    </message>
    <message>
        <location line="-224"/>
        <source>Starting the worker again…</source>
        <translation>Der Worker wird neu gestartet…</translation>
    </message>
    <message>
        <location line="+225"/>
        <source>Connected to %1</source>
        <translation>Verbunden mit %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reconnecting to %1…</source>
        <translation>Neue Verbindung zu %1…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The queen at %1 cannot be reached: %2</source>
        <translation>Die Queen unter %1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>No model is being served: start a worker (File › Start a local worker…) or point one at this app with --queen %1.</source>
        <translation>Kein Modell verfügbar: Starten Sie einen Worker (Datei › Lokalen Worker starten…) oder verbinden Sie einen mit dieser App über --queen %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The queen at %1 serves no model: start a worker (File › Start a local worker…) or point one at it with --queen %1.</source>
        <translation>Die Queen unter %1 stellt kein Modell bereit: Starten Sie einen Worker (Datei › Lokalen Worker starten…) oder verbinden Sie einen über --queen %1 mit ihr.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The longest answer is now %L1 tokens: the worker takes no more.</source>
        <translation>Die längste Antwort ist jetzt %L1 Tokens: Mehr nimmt der Worker nicht.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>on %1</source>
        <translation>auf %1</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+109"/>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <location line="-77"/>
        <source>Use for chat</source>
        <translation>Für den Chat verwenden</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Copy URL</source>
        <translation>URL kopieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forget</source>
        <translation>Vergessen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Show log</source>
        <translation>Protokoll anzeigen</translation>
    </message>
    <message>
        <location filename="../src/gui/traymenu.cpp" line="+29"/>
        <source>Show rbee</source>
        <translation>rbee anzeigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <location filename="../src/gui/mainwindow.cpp" line="+79"/>
        <source>Worker back online</source>
        <translation>Worker wieder online</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 (%2) is back.</source>
        <translation>%1 (%2) ist wieder da.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Worker offline</source>
        <translation>Worker offline</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 (%2): %3</source>
        <translation>%1 (%2): %3</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+10"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>No system keyring is available (%1). The queen&apos;s token is stored in plain text in the settings file.</source>
        <translation>Kein System-Schlüsselbund verfügbar (%1). Das Token der Queen wird im Klartext in der Einstellungsdatei gespeichert.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The new queen settings (mode, address, port, URL or token) take effect when rbee is started again.</source>
        <translation>Die neuen Queen-Einstellungen (Modus, Adresse, Port, URL oder Token) wirken beim nächsten Start von rbee.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Model ready</source>
        <translation>Modell bereit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Start a local worker on %1?</source>
        <translation>Einen lokalen Worker mit %1 starten?</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>Started a local worker at %1</source>
        <translation>Lokaler Worker unter %1 gestartet</translation>
    </message>
</context>
<context>
    <name>rbee::gui::ModelLibrary</name>
    <message>
        <location filename="../src/gui/modellibrary.cpp" line="+26"/>
        <source>%1 B</source>
        <translation>%1 Mrd.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 M</source>
        <translation>%1 Mio.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 K</source>
        <translation>%1 Tsd.</translation>
    </message>
    <message>
        <location line="+214"/>
        <source>this computer</source>
        <translation>dieser Computer</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 (loading)</source>
        <translation>%1 (wird geladen)</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>%1
The GGUF header could not be read: %2</source>
        <translation>%1
Der GGUF-Header konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>unreadable</source>
        <translation>unlesbar</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>failed: %1</source>
        <translation>fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quantization</source>
        <translation>Quantisierung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trained context</source>
        <translation>Trainierter Kontext</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loaded on</source>
        <translation>Geladen auf</translation>
    </message>
</context>
<context>
    <name>rbee::gui::ModelPicker</name>
    <message>
        <location filename="../src/gui/modelpicker.cpp" line="+55"/>
        <source>%1 (not available)</source>
        <translation>%1 (nicht verfügbar)</translation>
    </message>
</context>
<context>
    <name>rbee::gui::ModelPullDialog</name>
    <message>
        <location filename="../src/gui/modelpulldialog.cpp" line="+36"/>
        <source>Copy %1</source>
        <translation>%1 kopieren</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Copy the model %1 from %2 to:</source>
        <translation>Das Modell %1 von %2 kopieren nach:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Machine:</source>
        <translation>Rechner:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Download a model to %1</source>
        <translation>Ein Modell nach %1 herunterladen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>URL:</source>
        <translation>URL:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>No other machine is online.</source>
        <translation>Kein anderer Rechner ist online.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter the URL of a GGUF file.</source>
        <translation>Geben Sie die URL einer GGUF-Datei ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The URL must start with http:// or https://.</source>
        <translation>Die URL muss mit http:// oder https:// beginnen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The name may use only A-Z a-z 0-9 . _ - (the file name without .gguf).</source>
        <translation>Der Name darf nur A-Z a-z 0-9 . _ - enthalten (der Dateiname ohne .gguf).</translation>
    </message>
</context>
<context>
    <name>rbee::gui::ModelSizeProbe</name>
    <message>
        <location filename="../src/gui/modelsizeprobe.cpp" line="+45"/>
        <source>the server did not say how large the file is</source>
        <translation>der Server hat die Dateigröße nicht genannt</translation>
    </message>
</context>
<context>
    <name>rbee::gui::ModelsView</name>
    <message>
        <location filename="../src/gui/modelsview.cpp" line="+38"/>
        <source>&amp;Load…</source>
        <translation>&amp;Laden…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Unload</source>
        <translation>&amp;Entladen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove folder</source>
        <translation>Ordner entfernen</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Add folder…</source>
        <translation>Ordner hinzufügen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Load on a machine</source>
        <translation>Auf einem Rechner laden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Start a worker on this model on a machine of the cluster (a hive that has the file in its models folder)</source>
        <translation>Einen Worker mit diesem Modell auf einem Rechner des Clusters starten (einem Hive, der die Datei in seinem Modellordner hat)</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>No machine of the cluster is online</source>
        <translation>Kein Rechner des Clusters ist online</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Load…</source>
        <translation>Laden…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unload</source>
        <translation>Entladen</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>%1 is loaded.</source>
        <translation>%1 ist geladen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 is unloaded.</source>
        <translation>%1 ist entladen.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Load %1</source>
        <translation>%1 laden</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Loading %1 on this computer…</source>
        <translation>%1 wird auf diesem Computer geladen…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Could not load %1: %2</source>
        <translation>%1 konnte nicht geladen werden: %2</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Could not stop worker %1: %2</source>
        <translation>Konnte Worker %1 nicht beenden: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unloading %1…</source>
        <translation>%1 wird entladen…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Starting a worker of %1 on %2…</source>
        <translation>Ein Worker für %1 wird auf %2 gestartet…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not start a worker of %1 on %2: %3</source>
        <translation>Konnte keinen Worker für %1 auf %2 starten: %3</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Started a worker of %1 on %2.</source>
        <translation>Ein Worker für %1 wurde auf %2 gestartet.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add a models folder</source>
        <translation>Einen Modellordner hinzufügen</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Remove a models folder</source>
        <translation>Einen Modellordner entfernen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Folder:</source>
        <translation>Ordner:</translation>
    </message>
</context>
<context>
    <name>rbee::gui::NarrationText</name>
    <message>
        <location filename="../src/gui/narrationtext.cpp" line="+9"/>
        <source>as the first available worker</source>
        <translation>erster verfügbarer Worker</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>as the least loaded worker</source>
        <translation>am wenigsten ausgelastet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>as the worker most likely to have the conversation cached</source>
        <translation>hat die Unterhaltung am wahrscheinlichsten im Cache</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>as asked</source>
        <translation>wie gewünscht</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Selected worker %1 %2.</source>
        <translation>Worker %1 gewählt (%2).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every worker for this model is busy; the job waits for a free slot.</source>
        <translation>Alle Worker für dieses Modell sind beschäftigt; der Auftrag wartet auf einen freien Slot.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Worker %1 refused the job; trying another worker.</source>
        <translation>Worker %1 hat den Auftrag abgelehnt; ein anderer Worker wird versucht.</translation>
    </message>
</context>
<context>
    <name>rbee::gui::SettingsDialog</name>
    <message>
        <location filename="../src/gui/settingsdialog.cpp" line="+32"/>
        <source>Listen without a token?</source>
        <translation>Ohne Token Verbindungen annehmen?</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>This desktop has no system tray, so closing the window quits rbee.</source>
        <translation>Diese Arbeitsumgebung hat keinen Infobereich; das Schließen des Fensters beendet rbee daher.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>First available worker</source>
        <translation>Erster verfügbarer Worker</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Least loaded worker</source>
        <translation>Am wenigsten ausgelasteter Worker</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Worker that has the conversation cached</source>
        <translation>Worker, der das Gespräch im Cache hat</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No system keyring was running when this token was saved: it is stored in plain text in %1.</source>
        <translation>Beim Speichern dieses Tokens lief kein System-Schlüsselbund: Es steht im Klartext in %1.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Kept in the system keyring. Where no keyring runs, rbee stores it in plain text in its settings file and says so here.</source>
        <translation>Im System-Schlüsselbund gespeichert. Wo keiner läuft, speichert rbee es im Klartext in seiner Einstellungsdatei und sagt das hier.</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>The queen&apos;s URL is empty. Enter one such as http://192.168.1.10:7833.</source>
        <translation>Die URL der Queen ist leer. Geben Sie eine wie http://192.168.1.10:7833 ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The queen&apos;s URL &quot;%1&quot; is not an http:// or https:// URL. Enter one such as http://192.168.1.10:7833.</source>
        <translation>Die URL der Queen „%1“ ist keine http://- oder https://-URL. Geben Sie eine wie http://192.168.1.10:7833 ein.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The listen address is empty. Enter an IP address such as 127.0.0.1 (this computer only) or 0.0.0.0 (every network).</source>
        <translation>Die Empfangsadresse ist leer. Geben Sie eine IP-Adresse ein, etwa 127.0.0.1 (nur dieser Computer) oder 0.0.0.0 (alle Netzwerke).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The listen address &quot;%1&quot; is not an IP address. Enter one such as 127.0.0.1 (this computer only) or 0.0.0.0 (every network).</source>
        <translation>Die Empfangsadresse „%1“ ist keine IP-Adresse. Geben Sie eine ein, etwa 127.0.0.1 (nur dieser Computer) oder 0.0.0.0 (alle Netzwerke).</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>The models folder is empty. Choose a folder for downloaded models.</source>
        <translation>Es ist kein Modellordner angegeben. Wählen Sie einen Ordner für heruntergeladene Modelle.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Invalid settings</source>
        <translation>Ungültige Einstellungen</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Anyone on your network could use these workers. Listen on %1 without a token?</source>
        <translation>Jeder in Ihrem Netzwerk könnte diese Worker nutzen. Ohne Token auf %1 Verbindungen annehmen?</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Models folder</source>
        <translation>Modellordner</translation>
    </message>
</context>
<context>
    <name>rbee::gui::StartHiveWorkerDialog</name>
    <message>
        <location filename="../src/gui/starthiveworkerdialog.cpp" line="+30"/>
        <source>Start a worker on %1</source>
        <translation>Einen Worker auf %1 starten</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Where it fits (the queen chooses)</source>
        <translation>Wo er Platz hat (die Queen wählt)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 free</source>
        <translation>%1 frei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slots:</source>
        <translation>Slots:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Context:</source>
        <translation>Kontext:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
</context>
<context>
    <name>rbee::gui::StartWorkerDialog</name>
    <message>
        <location filename="../src/gui/startworkerdialog.cpp" line="+52"/>
        <source>&amp;Load again at next start</source>
        <translation>Beim nächsten Start wieder &amp;laden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Start a local worker</source>
        <translation>Lokalen Worker starten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose a GGUF model</source>
        <translation>GGUF-Modell auswählen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF-Modelle (*.gguf)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Model file:</source>
        <translation>Modelldatei:</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Looking for devices…</source>
        <translation>Suche nach Geräten…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Automatic: as many as fit</source>
        <translation>Automatisch: so viele wie passen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All, or fail at start</source>
        <translation>Alle, sonst Fehler beim Start</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This many:</source>
        <translation>Diese Anzahl:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>GPU layers:</source>
        <translation>GPU-Schichten:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Slots:</source>
        <translation>Slots:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>all cores</source>
        <translation>alle Kerne</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Half the cores by default, so that the desktop stays responsive.</source>
        <translation>Standardmäßig die Hälfte der Kerne, damit der Desktop flüssig bleibt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Threads:</source>
        <translation>Threads:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Context per slot:</source>
        <translation>Kontext pro Slot:</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Default (%1)</source>
        <translation>Standard (%1)</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+28"/>
        <source>Default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>%1 — %2 free</source>
        <translation>%1 — %2 frei</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(software, slower than the CPU)</source>
        <translation>(Software, langsamer als die CPU)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Memory: %1 free of %2</source>
        <translation>Speicher: %1 von %2 frei</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Could not list devices: %1</source>
        <translation>Geräte konnten nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>Choose a model file (.gguf).</source>
        <translation>Wählen Sie eine Modelldatei (.gguf).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>There is no file %1.</source>
        <translation>Die Datei %1 gibt es nicht.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is not a GGUF model that rbee can read: %2</source>
        <translation>%1 ist kein GGUF-Modell, das rbee lesen kann: %2</translation>
    </message>
</context>
<context>
    <name>rbee::gui::WorkerExitBar</name>
    <message>
        <location filename="../src/gui/workerexitbar.cpp" line="+98"/>
        <source>&amp;Restart</source>
        <translation>&amp;Neu starten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start the worker again with the same model and settings</source>
        <translation>Den Worker mit demselben Modell und denselben Einstellungen neu starten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show &amp;log</source>
        <translation>&amp;Protokoll anzeigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>rbee::gui::WorkerLogDialog</name>
    <message>
        <location filename="../src/gui/workerlogdialog.cpp" line="+15"/>
        <location line="+16"/>
        <source>Worker log</source>
        <translation>Worker-Protokoll</translation>
    </message>
</context>
<context>
    <name>rbee::gui::WorkerTableModel</name>
    <message>
        <location filename="../src/gui/workertablemodel.cpp" line="+31"/>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>busy</source>
        <translation>ausgelastet</translation>
    </message>
    <message>
        <location filename="../src/gui/workertablecolumns.cpp" line="+21"/>
        <location filename="../src/gui/workertablemodel.cpp" line="+1"/>
        <source>loading</source>
        <translation>lädt</translation>
    </message>
    <message>
        <location line="+0"/>
        <location filename="../src/gui/workertablemodel.cpp" line="+1"/>
        <source>stopping</source>
        <translation>wird beendet</translation>
    </message>
    <message>
        <location line="+0"/>
        <location filename="../src/gui/workertablemodel.cpp" line="+1"/>
        <location line="+2"/>
        <location line="+324"/>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <location line="+4"/>
        <location filename="../src/gui/workertablemodel.cpp" line="-316"/>
        <location line="+2"/>
        <source>%1 s ago</source>
        <translation>vor %1 s</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../src/gui/workertablemodel.cpp" line="+2"/>
        <source>%1 min ago</source>
        <translation>vor %1 min</translation>
    </message>
    <message>
        <location filename="../src/gui/workertablemodel.cpp" line="+1"/>
        <source>%1 h ago</source>
        <translation>vor %1 h</translation>
    </message>
    <message>
        <location filename="../src/gui/workertablecolumns.cpp" line="+1"/>
        <location filename="../src/gui/workertablemodel.cpp" line="+9"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../src/gui/workertablemodel.cpp" line="+98"/>
        <source>This machine&apos;s clock minus the worker&apos;s when a heartbeat arrives; shown when over 1 s</source>
        <translation>Uhr dieses Rechners minus Uhr des Workers beim Eintreffen eines Heartbeats; angezeigt ab mehr als 1 s</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slots</source>
        <translation>Slots</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tokens/s</source>
        <translation>Tokens/s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last heartbeat</source>
        <translation>Letzter Heartbeat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clock skew</source>
        <translation>Uhrenabweichung</translation>
    </message>
    <message>
        <location line="+162"/>
        <source>%1 (started by this app)</source>
        <translation>%1 (von dieser App gestartet)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1
rbee-worker %2, first heartbeat %3</source>
        <translation>%1
rbee-worker %2, erster Heartbeat %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Context: %1 tokens per slot</source>
        <translation>Kontext: %1 Tokens pro Slot</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Prompt cache: %1% of %2 prompt tokens reused</source>
        <translation>Prompt-Cache: %1 % von %2 Prompt-Tokens wiederverwendet</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 of %2 slots busy</source>
        <translation>%1 von %2 Slots belegt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Jobs waiting on the worker: %1</source>
        <translation>Wartende Jobs auf dem Worker: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Running a job; the rate is measured at the worker&apos;s next heartbeat</source>
        <translation>Bearbeitet einen Auftrag; die Rate wird beim nächsten Heartbeat des Workers gemessen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>offline: %1</source>
        <translation>offline: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>busy %1/%2</source>
        <translation>ausgelastet %1/%2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Heartbeats arrive %1 off the worker&apos;s clock: the clocks disagree or the network is slow</source>
        <translation>Heartbeats weichen um %1 von der Uhr des Workers ab: Die Uhren gehen unterschiedlich oder das Netzwerk ist langsam</translation>
    </message>
</context>
</TS>
