<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>ConversationExport</name>
    <message>
        <location filename="../src/gui/conversationexport.cpp" line="+93"/>
        <source>Export as Markdown</source>
        <translation>Exporter en Markdown</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Export as JSON</source>
        <translation>Exporter en JSON</translation>
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
        <translation>Exporter</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Could not write %1: %2</source>
        <translation>Impossible d’écrire %1&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>DeviceText</name>
    <message>
        <location filename="../src/gui/devicetext.cpp" line="+25"/>
        <source>%1 GiB</source>
        <translation>%1&#xa0;Gio</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 MiB</source>
        <translation>%1&#xa0;Mio</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This worker does not report its device&apos;s details (an older rbee-worker).</source>
        <translation>Ce worker ne donne pas le détail de son périphérique (un rbee-worker plus ancien).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Backend: %1</source>
        <translation>Backend&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Memory: %1 free of %2 (RAM)</source>
        <translation>Mémoire&#xa0;: %1 libres sur %2 (RAM)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Memory: %1 free of %2</source>
        <translation>Mémoire&#xa0;: %1 libres sur %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 of %2 layers on the GPU</source>
        <translation>%1 couches sur %2 sur le GPU</translation>
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
        <translation>Conversations</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New chat</source>
        <translation>Nouvelle discussion</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Model:</source>
        <translation>Modèle&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Worker:</source>
        <translation>Worker&#xa0;:</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Message (Enter sends, Shift+Enter for a new line)</source>
        <translation>Message (Entrée pour envoyer, Maj+Entrée pour un saut de ligne)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send</source>
        <translation>Envoyer</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Workers</source>
        <translation>Workers</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Filter by id, model or address</source>
        <translation>Filtrer par identifiant, modèle ou adresse</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Models</source>
        <translation>Modèles</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Machines</source>
        <translation>Machines</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;Edit</source>
        <translation>É&amp;dition</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;New chat</source>
        <translation>&amp;Nouvelle discussion</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conversation &amp;settings…</source>
        <translation>&amp;Paramètres de la conversation…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export as &amp;Markdown…</source>
        <translation>Exporter en &amp;Markdown…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export as &amp;JSON…</source>
        <translation>Exporter en &amp;JSON…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Copy last answer</source>
        <translation>&amp;Copier la dernière réponse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Start a local worker…</source>
        <translation>&amp;Démarrer un worker local…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Get a model…</source>
        <translation>&amp;Obtenir un modèle…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;ettings…</source>
        <translation>Para&amp;mètres…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
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
        <translation>Copier</translation>
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
        <translation>rbee ne peut pas écouter les workers sur %1:%2&#xa0;: %3.

Un autre rbee est peut-être déjà lancé. Utiliser plutôt un port libre&#xa0;? (Les workers devront alors indiquer ce port dans --queen.)</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../ui/settingsdialog.ui" line="+9"/>
        <source>rbee Settings</source>
        <translation>Paramètres de rbee</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Queen</source>
        <translation>&amp;Queen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Host a queen on this &amp;computer</source>
        <translation>Héberger une queen sur cet &amp;ordinateur</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The app runs the queen: workers and clients connect to this computer.</source>
        <translation>L’application fait tourner la queen&#xa0;: workers et clients se connectent à cet ordinateur.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Listen address:</source>
        <translation>&amp;Adresse d’écoute&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The IP address the queen listens on for workers and clients. 127.0.0.1 = this computer only; 0.0.0.0 = every network.</source>
        <translation>L’adresse IP sur laquelle la queen écoute les workers et les clients. 127.0.0.1 = cet ordinateur uniquement&#xa0;; 0.0.0.0 = tous les réseaux.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Port:</source>
        <translation>&amp;Port&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>0 picks a free port each start.</source>
        <translation>0 choisit un port libre à chaque démarrage.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Token:</source>
        <translation>&amp;Jeton&#xa0;:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>none: anyone who can reach the port may use the workers</source>
        <translation>aucun&#xa0;: quiconque peut joindre le port peut utiliser les workers</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;how</source>
        <translation>A&amp;fficher</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Heartbeat timeout:</source>
        <translation>Délai du &amp;heartbeat&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>A worker without a heartbeat for this long is shown offline.</source>
        <translation>Un worker sans heartbeat pendant ce délai est affiché hors ligne.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Scheduling:</source>
        <translation>&amp;Répartition&#xa0;:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Co&amp;nnect to a queen</source>
        <translation>Se &amp;connecter à une queen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The app shows the workers of a queen elsewhere (rbee --serve) and chats through it; it opens no port itself.</source>
        <translation>L’application montre les workers d’une queen située ailleurs (rbee --serve) et discute à travers elle&#xa0;; elle n’ouvre elle-même aucun port.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Queen &amp;URL:</source>
        <translation>&amp;URL de la queen&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Queen to&amp;ken:</source>
        <translation>J&amp;eton de la queen&#xa0;:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>none: the queen needs no token</source>
        <translation>aucun&#xa0;: la queen n’exige pas de jeton</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sh&amp;ow</source>
        <translation>Aff&amp;icher</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Switching between hosting and connecting takes effect when rbee is started again.</source>
        <translation>Le passage entre héberger et se connecter prend effet au prochain démarrage de rbee.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;General</source>
        <translation>&amp;Général</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Models folder:</source>
        <translation>Dossier des &amp;modèles&#xa0;:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Browse…</source>
        <translation>Parc&amp;ourir…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tray:</source>
        <translation>Zone de notification&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep running in the system &amp;tray when the window is closed</source>
        <translation>Rester dans la &amp;zone de notification à la fermeture de la fenêtre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Th&amp;eme:</source>
        <translation>&amp;Thème&#xa0;:</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>Changing the address, port or token restarts the queen; workers and clients then need the new address or token.</source>
        <translation>Modifier l’adresse, le port ou le jeton redémarre la queen&#xa0;; les workers et les clients ont alors besoin de la nouvelle adresse ou du nouveau jeton.</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>&amp;Language:</source>
        <translation>&amp;Langue&#xa0;:</translation>
    </message>
</context>
<context>
    <name>StopReasonText</name>
    <message>
        <location filename="../src/core/client/stopreasontext.cpp" line="+9"/>
        <location line="+5"/>
        <source>reached the length limit</source>
        <translation>limite de longueur atteinte</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>reached a stop word</source>
        <translation>mot d’arrêt atteint</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the model finished</source>
        <translation>le modèle a terminé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped by you</source>
        <translation>arrêtée par vous</translation>
    </message>
</context>
<context>
    <name>rbee::core::LocalWorker</name>
    <message>
        <location filename="../src/core/client/localworker.cpp" line="+139"/>
        <source>killed</source>
        <translation>tué</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>terminated</source>
        <translation>terminé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>interrupted</source>
        <translation>interrompu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>hang-up</source>
        <translation>raccroché</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>aborted</source>
        <translation>abandonné</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>segmentation fault</source>
        <translation>erreur de segmentation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bus error</source>
        <translation>erreur de bus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>illegal instruction</source>
        <translation>instruction illégale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>arithmetic error</source>
        <translation>erreur arithmétique</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The worker could not be started.</source>
        <translation>Le worker n’a pas pu être démarré.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The worker was stopped by signal %1 (%2).</source>
        <translation>Le worker a été arrêté par le signal %1 (%2).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The worker exited with code %1.</source>
        <translation>Le worker s’est terminé avec le code %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The worker stopped.</source>
        <translation>Le worker s’est arrêté.</translation>
    </message>
</context>
<context>
    <name>rbee::gui::ChatSession</name>
    <message>
        <location filename="../src/gui/chatsession.cpp" line="+108"/>
        <source>The job ended without an answer.</source>
        <translation>La tâche s’est terminée sans réponse.</translation>
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
        <translation>appareil inconnu</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%L1 cached</source>
        <translation>%L1 en cache</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1 token</source>
        <translation>1 token</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>first token %L1 ms</source>
        <translation>premier token %L1 ms</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%L1 tokens/s</source>
        <translation>%L1 tokens/s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%L1 tokens</source>
        <translation>%L1 tokens</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Copy message</source>
        <translation>Copier le message</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>You</source>
        <translation>Vous</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Assistant</source>
        <translation>Assistant</translation>
    </message>
    <message>
        <location line="+99"/>
        <source>Retry</source>
        <translation>Réessayer</translation>
    </message>
</context>
<context>
    <name>rbee::gui::ConversationList</name>
    <message>
        <location filename="../src/gui/conversationlist.cpp" line="+29"/>
        <source>&amp;Rename</source>
        <translation>&amp;Renommer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Delete</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export as &amp;Markdown…</source>
        <translation>Exporter en &amp;Markdown…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export as &amp;JSON…</source>
        <translation>Exporter en &amp;JSON…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Undo delete</source>
        <translation>&amp;Annuler la suppression</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shows the conversations whose title or text holds every word typed</source>
        <translation>Affiche les conversations dont le titre ou le texte contient chaque mot saisi</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Undo</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+132"/>
        <source>New chat</source>
        <translation>Nouvelle conversation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deleted “%1”.</source>
        <translation>«&#xa0;%1&#xa0;» supprimée.</translation>
    </message>
</context>
<context>
    <name>rbee::gui::ConversationListModel</name>
    <message>
        <location filename="../src/gui/conversationlistmodel.cpp" line="+95"/>
        <source>New chat</source>
        <translation>Nouvelle conversation</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Last changed %1</source>
        <translation>Dernière modification %1</translation>
    </message>
</context>
<context>
    <name>rbee::gui::ConversationSettingsDialog</name>
    <message>
        <location filename="../src/gui/conversationsettingsdialog.cpp" line="+23"/>
        <source>Conversation settings</source>
        <translation>Paramètres de la conversation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Optional instructions for the model, sent before the conversation</source>
        <translation>Instructions facultatives pour le modèle, envoyées avant la conversation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System prompt:</source>
        <translation>Prompt système&#xa0;:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>0 always picks the most likely token</source>
        <translation>0 choisit toujours le token le plus probable</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Temperature:</source>
        <translation>Température&#xa0;:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The worker takes at most %L1 tokens (its context size per slot)</source>
        <translation>Le worker accepte au plus %L1 tokens (sa taille de contexte par slot)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Longest answer (tokens):</source>
        <translation>Réponse la plus longue (tokens)&#xa0;:</translation>
    </message>
</context>
<context>
    <name>rbee::gui::ErrorText</name>
    <message>
        <location filename="../src/gui/errortext.cpp" line="+10"/>
        <source>The request was not valid.</source>
        <translation>La requête n’était pas valide.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The queen refused the token.</source>
        <translation>La queen a refusé le jeton.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The queen refused the request.</source>
        <translation>La queen a refusé la requête.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not found.</source>
        <translation>Introuvable.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The queen could not take the request.</source>
        <translation>La queen n’a pas pu prendre la requête.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The conversation is too long to send.</source>
        <translation>La conversation est trop longue pour être envoyée.</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+18"/>
        <source>Something went wrong inside rbee.</source>
        <translation>Une erreur interne s’est produite dans rbee.</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>The worker answered with an error.</source>
        <translation>Le worker a répondu par une erreur.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The worker cannot be reached.</source>
        <translation>Le worker est injoignable.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The connection to the worker was lost during the answer.</source>
        <translation>La connexion au worker a été perdue pendant la réponse.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every worker for this model is busy.</source>
        <translation>Tous les workers de ce modèle sont occupés.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The worker is still loading its model.</source>
        <translation>Le worker charge encore son modèle.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The worker is stopping.</source>
        <translation>Le worker est en cours d’arrêt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No worker serves this model.</source>
        <translation>Aucun worker ne sert ce modèle.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The queen has too many connections.</source>
        <translation>La queen a trop de connexions.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No answer in time.</source>
        <translation>Pas de réponse à temps.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stopped.</source>
        <translation>Arrêté.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The model cannot be used.</source>
        <translation>Le modèle ne peut pas être utilisé.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No worker serves or has served this model.</source>
        <translation>Aucun worker ne sert ni n’a servi ce modèle.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The queen&apos;s table of workers is full.</source>
        <translation>La table des workers de la queen est pleine.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The queen cannot be reached.</source>
        <translation>La queen est injoignable.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The machine&apos;s hive cannot be reached.</source>
        <translation>La hive de la machine est injoignable.</translation>
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
        <translation>Aucun worker n’est lancé. En démarrer un avec %1&#xa0;?</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>There is no model in %1 yet, and no worker is running. Get one now?</source>
        <translation>Il n’y a encore aucun modèle dans %1 et aucun worker ne tourne. En télécharger un maintenant&#xa0;?</translation>
    </message>
</context>
<context>
    <name>rbee::gui::GetModelDialog</name>
    <message>
        <location filename="../src/gui/getmodeldialog.cpp" line="+35"/>
        <source>Gemma 3 270M instruct (Q8_0, smallest, fast)</source>
        <translation>Gemma 3 270M instruct (Q8_0, le plus petit, rapide)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Good for quick questions, short texts and trying rbee out; runs on any computer.</source>
        <translation>Bien pour les questions rapides, les textes courts et pour essayer rbee&#xa0;; tourne sur tout ordinateur.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SmolLM2 135M instruct (Q8_0, tiny)</source>
        <translation>SmolLM2 135M instruct (Q8_0, minuscule)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Good for testing a cluster and for very slow machines; its answers are simple and often wrong.</source>
        <translation>Bien pour tester un cluster et pour les machines très lentes&#xa0;; ses réponses sont simples et souvent fausses.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qwen3 0.6B (Q8_0, better answers, slower)</source>
        <translation>Qwen3 0.6B (Q8_0, meilleures réponses, plus lent)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Good for everyday chat, summaries and simple code; it thinks before it answers, so it is slower.</source>
        <translation>Bien pour la conversation courante, les résumés et le code simple&#xa0;; il réfléchit avant de répondre, il est donc plus lent.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Browse…</source>
        <translation>Parc&amp;ourir…</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+158"/>
        <source>&amp;Download</source>
        <translation>&amp;Télécharger</translation>
    </message>
    <message>
        <location line="-157"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Get a Model</source>
        <translation>Obtenir un modèle</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Other…</source>
        <translation>Autre…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>owner/name, e.g. unsloth/gemma-3-270m-it-GGUF</source>
        <translation>propriétaire/nom, p.&#xa0;ex. unsloth/gemma-3-270m-it-GGUF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>file name ending in .gguf</source>
        <translation>nom de fichier se terminant par .gguf</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Model:</source>
        <translation>&amp;Modèle&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Repository:</source>
        <translation>&amp;Dépôt&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;File:</source>
        <translation>&amp;Fichier&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save &amp;in:</source>
        <translation>Enre&amp;gistrer dans&#xa0;:</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>&amp;Use</source>
        <translation>&amp;Utiliser</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Already in the models folder.</source>
        <translation>Déjà dans le dossier des modèles.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Resume</source>
        <translation>&amp;Reprendre</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 MB downloaded earlier.</source>
        <translation>%1&#xa0;Mo déjà téléchargés.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Download size: %1</source>
        <translation>Taille du téléchargement&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The repository must look like &quot;owner/name&quot;, not &quot;%1&quot;.</source>
        <translation>Le dépôt doit être de la forme «&#xa0;propriétaire/nom&#xa0;», et non «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file must be a plain file name ending in .gguf, not &quot;%1&quot;.</source>
        <translation>Le fichier doit être un simple nom de fichier se terminant par .gguf, et non «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose a folder to save the model in.</source>
        <translation>Choisissez un dossier où enregistrer le modèle.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Stopped. %1 MB are kept; press Resume to continue.</source>
        <translation>Arrêté. %1&#xa0;Mo sont conservés&#xa0;; appuyez sur Reprendre pour continuer.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 of %2 MB</source>
        <translation>%1 sur %2&#xa0;Mo</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 MB</source>
        <translation>%1&#xa0;Mo</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Download failed: %1</source>
        <translation>Échec du téléchargement&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Save models in</source>
        <translation>Enregistrer les modèles dans</translation>
    </message>
</context>
<context>
    <name>rbee::gui::HiveTreeModel</name>
    <message>
        <location filename="../src/gui/hivetreemodel.cpp" line="+45"/>
        <source>starting</source>
        <translation>démarrage</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>running</source>
        <translation>en cours</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>stopping</source>
        <translation>arrêt en cours</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>exited</source>
        <translation>terminé</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>failed</source>
        <translation>échec</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>done</source>
        <translation>terminé</translation>
    </message>
    <message>
        <location line="+248"/>
        <source>rbee-hive %1 at %2
Offline: %3</source>
        <translation>rbee-hive %1 à %2
Hors ligne&#xa0;: %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rbee-hive %1 at %2</source>
        <translation>rbee-hive %1 à %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>online</source>
        <translation>en ligne</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+117"/>
        <source>offline</source>
        <translation>hors ligne</translation>
    </message>
    <message>
        <location line="-113"/>
        <source>RAM: %1 used, %2 free of %3</source>
        <translation>RAM&#xa0;: %1 utilisés, %2 libres sur %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 CPU cores</source>
        <translation>%1 cœurs CPU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 free disk</source>
        <translation>%1 libres sur le disque</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Devices (%1)</source>
        <translation>Appareils (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models (%1)</source>
        <translation>Modèles (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Workers (%1)</source>
        <translation>Workers (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transfers (%1)</source>
        <translation>Transferts (%1)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 B parameters</source>
        <translation>%1 Md de paramètres</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 M parameters</source>
        <translation>%1 M de paramètres</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 K parameters</source>
        <translation>%1 k paramètres</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 used, %2 free of %3</source>
        <translation>%1 utilisés, %2 libres sur %3</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>software</source>
        <translation>logiciel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>default</source>
        <translation>par défaut</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>context %1</source>
        <translation>contexte %1</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>%1 received</source>
        <translation>%1 reçus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 % (%2 of %3)</source>
        <translation>%1&#xa0;% (%2 sur %3)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>from hive %1</source>
        <translation>depuis la hive %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Machine</source>
        <translation>Machine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory / progress</source>
        <translation>Mémoire / progression</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
</context>
<context>
    <name>rbee::gui::MachinesView</name>
    <message>
        <location filename="../src/gui/machinesview.cpp" line="+46"/>
        <source>Start worker here…</source>
        <translation>Démarrer un worker ici…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy model to…</source>
        <translation>Copier le modèle vers…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Download model to…</source>
        <translation>Télécharger un modèle vers…</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>stopping</source>
        <translation>arrêt en cours</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No machine has joined yet. On each machine, run:
rbee-hive --queen %1 --token …</source>
        <translation>Aucune machine n’a encore rejoint. Sur chaque machine, lancez&#xa0;:
rbee-hive --queen %1 --token …</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>Starting a worker of %1 on %2…</source>
        <translation>Démarrage d’un worker de %1 sur %2…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Could not start a worker of %1 on %2: %3</source>
        <translation>Impossible de démarrer un worker de %1 sur %2&#xa0;: %3</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Started worker %1 on %2.</source>
        <translation>Worker %1 démarré sur %2.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Started a worker of %1 on %2.</source>
        <translation>Un worker de %1 a démarré sur %2.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Stopping worker %1…</source>
        <translation>Arrêt du worker %1…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopped worker %1.</source>
        <translation>Worker %1 arrêté.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Could not stop worker %1: %2</source>
        <translation>Impossible d’arrêter le worker %1&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Asking %1 to copy %2 from %3…</source>
        <translation>Demande à %1 de copier %2 depuis %3…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is copying %2; the progress shows under Transfers.</source>
        <translation>%1 copie %2&#xa0;; la progression s’affiche sous «&#xa0;Transferts&#xa0;».</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Could not copy %1 to %2: %3</source>
        <translation>Impossible de copier %1 vers %2&#xa0;: %3</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Asking %1 to download %2…</source>
        <translation>Demande à %1 de télécharger %2…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is downloading %2; the progress shows under Transfers.</source>
        <translation>%1 télécharge %2&#xa0;; la progression s’affiche sous «&#xa0;Transferts&#xa0;».</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Could not download %1 to %2: %3</source>
        <translation>Impossible de télécharger %1 vers %2&#xa0;: %3</translation>
    </message>
</context>
<context>
    <name>rbee::gui::MainWindow</name>
    <message>
        <location filename="../src/gui/mainwindow.cpp" line="+298"/>
        <location line="+253"/>
        <source>Automatic (the queen chooses)</source>
        <translation>Automatique (la queen choisit)</translation>
    </message>
    <message>
        <location line="-236"/>
        <source>%1 of %2 workers online</source>
        <translation>%1 workers sur %2 en ligne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 job running</source>
        <translation>1 tâche en cours</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 jobs running</source>
        <translation>%1 tâches en cours</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Could not save the conversation: %1</source>
        <translation>Impossible d’enregistrer la conversation&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+27"/>
        <location line="+97"/>
        <location line="+66"/>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <location line="-239"/>
        <source>Listening on %1</source>
        <translation>En écoute sur %1</translation>
    </message>
    <message>
        <location line="-224"/>
        <source>Starting the worker again…</source>
        <translation>Redémarrage du worker…</translation>
    </message>
    <message>
        <location line="+225"/>
        <source>Connected to %1</source>
        <translation>Connecté à %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reconnecting to %1…</source>
        <translation>Reconnexion à %1…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The queen at %1 cannot be reached: %2</source>
        <translation>La queen à %1 est injoignable&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>No model is being served: start a worker (File › Start a local worker…) or point one at this app with --queen %1.</source>
        <translation>Aucun modèle n’est servi&#xa0;: démarrez un worker (Fichier › Démarrer un worker local…) ou connectez-en un à cette application avec --queen %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The queen at %1 serves no model: start a worker (File › Start a local worker…) or point one at it with --queen %1.</source>
        <translation>La queen à %1 ne sert aucun modèle&#xa0;: démarrez un worker (Fichier › Démarrer un worker local…) ou dirigez-en un vers elle avec --queen %1.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The longest answer is now %L1 tokens: the worker takes no more.</source>
        <translation>La réponse la plus longue est maintenant de %L1 tokens&#xa0;: le worker n’en accepte pas plus.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>on %1</source>
        <translation>sur %1</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+109"/>
        <source>Send</source>
        <translation>Envoyer</translation>
    </message>
    <message>
        <location line="-77"/>
        <source>Use for chat</source>
        <translation>Utiliser pour la discussion</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Copy URL</source>
        <translation>Copier l’URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forget</source>
        <translation>Oublier</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Show log</source>
        <translation>Afficher le journal</translation>
    </message>
    <message>
        <location filename="../src/gui/traymenu.cpp" line="+29"/>
        <source>Show rbee</source>
        <translation>Afficher rbee</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <location filename="../src/gui/mainwindow.cpp" line="+79"/>
        <source>Worker back online</source>
        <translation>Worker de nouveau en ligne</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 (%2) is back.</source>
        <translation>%1 (%2) est de retour.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Worker offline</source>
        <translation>Worker hors ligne</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 (%2): %3</source>
        <translation>%1 (%2)&#xa0;: %3</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+10"/>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>No system keyring is available (%1). The queen&apos;s token is stored in plain text in the settings file.</source>
        <translation>Aucun trousseau système n’est disponible (%1). Le jeton de la queen est enregistré en clair dans le fichier de paramètres.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The new queen settings (mode, address, port, URL or token) take effect when rbee is started again.</source>
        <translation>Les nouveaux paramètres de la queen (mode, adresse, port, URL ou jeton) prennent effet au prochain démarrage de rbee.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Model ready</source>
        <translation>Modèle prêt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Start a local worker on %1?</source>
        <translation>Démarrer un worker local avec %1&#xa0;?</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>Started a local worker at %1</source>
        <translation>Worker local démarré sur %1</translation>
    </message>
</context>
<context>
    <name>rbee::gui::ModelLibrary</name>
    <message>
        <location filename="../src/gui/modellibrary.cpp" line="+26"/>
        <source>%1 B</source>
        <translation>%1 Md</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 M</source>
        <translation>%1 M</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 K</source>
        <translation>%1 k</translation>
    </message>
    <message>
        <location line="+214"/>
        <source>this computer</source>
        <translation>cet ordinateur</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 (loading)</source>
        <translation>%1 (chargement)</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>%1
The GGUF header could not be read: %2</source>
        <translation>%1
L’en-tête GGUF n’a pas pu être lu&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>unreadable</source>
        <translation>illisible</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>failed: %1</source>
        <translation>échec&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Architecture</source>
        <translation>Architecture</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parameters</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quantization</source>
        <translation>Quantification</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trained context</source>
        <translation>Contexte d’entraînement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loaded on</source>
        <translation>Chargé sur</translation>
    </message>
</context>
<context>
    <name>rbee::gui::ModelPicker</name>
    <message>
        <location filename="../src/gui/modelpicker.cpp" line="+55"/>
        <source>%1 (not available)</source>
        <translation>%1 (indisponible)</translation>
    </message>
</context>
<context>
    <name>rbee::gui::ModelPullDialog</name>
    <message>
        <location filename="../src/gui/modelpulldialog.cpp" line="+36"/>
        <source>Copy %1</source>
        <translation>Copier %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Copy the model %1 from %2 to:</source>
        <translation>Copier le modèle %1 de %2 vers&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Machine:</source>
        <translation>Machine&#xa0;:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Download a model to %1</source>
        <translation>Télécharger un modèle vers %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>URL:</source>
        <translation>URL&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name:</source>
        <translation>Nom&#xa0;:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Download</source>
        <translation>Télécharger</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>No other machine is online.</source>
        <translation>Aucune autre machine n’est en ligne.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter the URL of a GGUF file.</source>
        <translation>Saisissez l’URL d’un fichier GGUF.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The URL must start with http:// or https://.</source>
        <translation>L’URL doit commencer par http:// ou https://.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The name may use only A-Z a-z 0-9 . _ - (the file name without .gguf).</source>
        <translation>Le nom ne peut contenir que A-Z a-z 0-9 . _ - (le nom du fichier sans .gguf).</translation>
    </message>
</context>
<context>
    <name>rbee::gui::ModelSizeProbe</name>
    <message>
        <location filename="../src/gui/modelsizeprobe.cpp" line="+45"/>
        <source>the server did not say how large the file is</source>
        <translation>le serveur n’a pas indiqué la taille du fichier</translation>
    </message>
</context>
<context>
    <name>rbee::gui::ModelsView</name>
    <message>
        <location filename="../src/gui/modelsview.cpp" line="+38"/>
        <source>&amp;Load…</source>
        <translation>&amp;Charger…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Unload</source>
        <translation>&amp;Décharger</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove folder</source>
        <translation>Retirer le dossier</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Add folder…</source>
        <translation>Ajouter un dossier…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Load on a machine</source>
        <translation>Charger sur une machine</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Start a worker on this model on a machine of the cluster (a hive that has the file in its models folder)</source>
        <translation>Démarrer un worker sur ce modèle sur une machine du cluster (une hive qui a le fichier dans son dossier de modèles)</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>No machine of the cluster is online</source>
        <translation>Aucune machine du cluster n’est en ligne</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Load…</source>
        <translation>Charger…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unload</source>
        <translation>Décharger</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>%1 is loaded.</source>
        <translation>%1 est chargé.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 is unloaded.</source>
        <translation>%1 est déchargé.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Load %1</source>
        <translation>Charger %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Loading %1 on this computer…</source>
        <translation>Chargement de %1 sur cet ordinateur…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Could not load %1: %2</source>
        <translation>Impossible de charger %1&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Could not stop worker %1: %2</source>
        <translation>Impossible d’arrêter le worker %1&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unloading %1…</source>
        <translation>Déchargement de %1…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Starting a worker of %1 on %2…</source>
        <translation>Démarrage d’un worker de %1 sur %2…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not start a worker of %1 on %2: %3</source>
        <translation>Impossible de démarrer un worker de %1 sur %2&#xa0;: %3</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Started a worker of %1 on %2.</source>
        <translation>Un worker de %1 a démarré sur %2.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add a models folder</source>
        <translation>Ajouter un dossier de modèles</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Remove a models folder</source>
        <translation>Retirer un dossier de modèles</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Folder:</source>
        <translation>Dossier&#xa0;:</translation>
    </message>
</context>
<context>
    <name>rbee::gui::NarrationText</name>
    <message>
        <location filename="../src/gui/narrationtext.cpp" line="+9"/>
        <source>as the first available worker</source>
        <translation>comme premier worker disponible</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>as the least loaded worker</source>
        <translation>comme worker le moins chargé</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>as the worker most likely to have the conversation cached</source>
        <translation>comme worker ayant le plus probablement la conversation en cache</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>as asked</source>
        <translation>comme demandé</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Selected worker %1 %2.</source>
        <translation>Worker %1 choisi %2.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every worker for this model is busy; the job waits for a free slot.</source>
        <translation>Tous les workers de ce modèle sont occupés&#xa0;; la tâche attend un slot libre.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Worker %1 refused the job; trying another worker.</source>
        <translation>Le worker %1 a refusé la tâche&#xa0;; essai d’un autre worker.</translation>
    </message>
</context>
<context>
    <name>rbee::gui::SettingsDialog</name>
    <message>
        <location filename="../src/gui/settingsdialog.cpp" line="+32"/>
        <source>Listen without a token?</source>
        <translation>Écouter sans jeton&#xa0;?</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>This desktop has no system tray, so closing the window quits rbee.</source>
        <translation>Ce bureau n’a pas de zone de notification&#xa0;: fermer la fenêtre quitte donc rbee.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>First available worker</source>
        <translation>Premier worker disponible</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Least loaded worker</source>
        <translation>Worker le moins chargé</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Worker that has the conversation cached</source>
        <translation>Worker qui a la conversation en cache</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>System</source>
        <translation>Système</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Light</source>
        <translation>Clair</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>Sombre</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>System language</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No system keyring was running when this token was saved: it is stored in plain text in %1.</source>
        <translation>Aucun trousseau système ne tournait quand ce jeton a été enregistré&#xa0;: il est stocké en clair dans %1.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Kept in the system keyring. Where no keyring runs, rbee stores it in plain text in its settings file and says so here.</source>
        <translation>Conservé dans le trousseau système. Là où aucun trousseau ne tourne, rbee l’enregistre en clair dans son fichier de paramètres et l’indique ici.</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>The queen&apos;s URL is empty. Enter one such as http://192.168.1.10:7833.</source>
        <translation>L’URL de la queen est vide. Saisissez-en une comme http://192.168.1.10:7833.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The queen&apos;s URL &quot;%1&quot; is not an http:// or https:// URL. Enter one such as http://192.168.1.10:7833.</source>
        <translation>L’URL de la queen «&#xa0;%1&#xa0;» n’est pas une URL http:// ou https://. Saisissez-en une comme http://192.168.1.10:7833.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The listen address is empty. Enter an IP address such as 127.0.0.1 (this computer only) or 0.0.0.0 (every network).</source>
        <translation>L’adresse d’écoute est vide. Saisissez une adresse IP, par exemple 127.0.0.1 (cet ordinateur uniquement) ou 0.0.0.0 (tous les réseaux).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The listen address &quot;%1&quot; is not an IP address. Enter one such as 127.0.0.1 (this computer only) or 0.0.0.0 (every network).</source>
        <translation>L’adresse d’écoute «&#xa0;%1&#xa0;» n’est pas une adresse IP. Saisissez-en une, par exemple 127.0.0.1 (cet ordinateur uniquement) ou 0.0.0.0 (tous les réseaux).</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>The models folder is empty. Choose a folder for downloaded models.</source>
        <translation>Le dossier des modèles n’est pas renseigné. Choisissez un dossier pour les modèles téléchargés.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Invalid settings</source>
        <translation>Paramètres non valides</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Anyone on your network could use these workers. Listen on %1 without a token?</source>
        <translation>N’importe qui sur votre réseau pourrait utiliser ces workers. Écouter sur %1 sans jeton&#xa0;?</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Models folder</source>
        <translation>Dossier des modèles</translation>
    </message>
</context>
<context>
    <name>rbee::gui::StartHiveWorkerDialog</name>
    <message>
        <location filename="../src/gui/starthiveworkerdialog.cpp" line="+30"/>
        <source>Start a worker on %1</source>
        <translation>Démarrer un worker sur %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Where it fits (the queen chooses)</source>
        <translation>Là où il tient (la queen choisit)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 free</source>
        <translation>%1 libres</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Default</source>
        <translation>Par défaut</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Model:</source>
        <translation>Modèle&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device:</source>
        <translation>Appareil&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slots:</source>
        <translation>Slots&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Context:</source>
        <translation>Contexte&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start</source>
        <translation>Démarrer</translation>
    </message>
</context>
<context>
    <name>rbee::gui::StartWorkerDialog</name>
    <message>
        <location filename="../src/gui/startworkerdialog.cpp" line="+52"/>
        <source>&amp;Load again at next start</source>
        <translation>&amp;Recharger au prochain démarrage</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Start a local worker</source>
        <translation>Démarrer un worker local</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose a GGUF model</source>
        <translation>Choisir un modèle GGUF</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>GGUF models (*.gguf)</source>
        <translation>Modèles GGUF (*.gguf)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Model file:</source>
        <translation>Fichier du modèle&#xa0;:</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Looking for devices…</source>
        <translation>Recherche des périphériques…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Device:</source>
        <translation>Périphérique&#xa0;:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Automatic: as many as fit</source>
        <translation>Automatique&#xa0;: autant qu’il en tient</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All, or fail at start</source>
        <translation>Toutes, sinon échec au démarrage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This many:</source>
        <translation>Ce nombre&#xa0;:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>GPU layers:</source>
        <translation>Couches sur le GPU&#xa0;:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Slots:</source>
        <translation>Slots&#xa0;:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>all cores</source>
        <translation>tous les cœurs</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Half the cores by default, so that the desktop stays responsive.</source>
        <translation>La moitié des cœurs par défaut, pour que le bureau reste réactif.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Threads:</source>
        <translation>Threads&#xa0;:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Context per slot:</source>
        <translation>Contexte par slot&#xa0;:</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Default (%1)</source>
        <translation>Par défaut (%1)</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+28"/>
        <source>Default</source>
        <translation>Par défaut</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>%1 — %2 free</source>
        <translation>%1 — %2 libres</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(software, slower than the CPU)</source>
        <translation>(logiciel, plus lent que le CPU)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Memory: %1 free of %2</source>
        <translation>Mémoire&#xa0;: %1 libres sur %2</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Could not list devices: %1</source>
        <translation>Impossible de lister les périphériques&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>Choose a model file (.gguf).</source>
        <translation>Choisissez un fichier de modèle (.gguf).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>There is no file %1.</source>
        <translation>Le fichier %1 n’existe pas.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is not a GGUF model that rbee can read: %2</source>
        <translation>%1 n’est pas un modèle GGUF que rbee sait lire&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>rbee::gui::WorkerExitBar</name>
    <message>
        <location filename="../src/gui/workerexitbar.cpp" line="+98"/>
        <source>&amp;Restart</source>
        <translation>&amp;Redémarrer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start the worker again with the same model and settings</source>
        <translation>Redémarrer le worker avec le même modèle et les mêmes réglages</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show &amp;log</source>
        <translation>Afficher le &amp;journal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dismiss</source>
        <translation>Fermer</translation>
    </message>
</context>
<context>
    <name>rbee::gui::WorkerLogDialog</name>
    <message>
        <location filename="../src/gui/workerlogdialog.cpp" line="+15"/>
        <location line="+16"/>
        <source>Worker log</source>
        <translation>Journal du worker</translation>
    </message>
</context>
<context>
    <name>rbee::gui::WorkerTableModel</name>
    <message>
        <location filename="../src/gui/workertablemodel.cpp" line="+31"/>
        <source>ready</source>
        <translation>prêt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>busy</source>
        <translation>occupé</translation>
    </message>
    <message>
        <location filename="../src/gui/workertablecolumns.cpp" line="+21"/>
        <location filename="../src/gui/workertablemodel.cpp" line="+1"/>
        <source>loading</source>
        <translation>chargement</translation>
    </message>
    <message>
        <location line="+0"/>
        <location filename="../src/gui/workertablemodel.cpp" line="+1"/>
        <source>stopping</source>
        <translation>arrêt en cours</translation>
    </message>
    <message>
        <location line="+0"/>
        <location filename="../src/gui/workertablemodel.cpp" line="+1"/>
        <location line="+2"/>
        <location line="+324"/>
        <source>offline</source>
        <translation>hors ligne</translation>
    </message>
    <message>
        <location line="+4"/>
        <location filename="../src/gui/workertablemodel.cpp" line="-316"/>
        <location line="+2"/>
        <source>%1 s ago</source>
        <translation>il y a %1 s</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../src/gui/workertablemodel.cpp" line="+2"/>
        <source>%1 min ago</source>
        <translation>il y a %1 min</translation>
    </message>
    <message>
        <location filename="../src/gui/workertablemodel.cpp" line="+1"/>
        <source>%1 h ago</source>
        <translation>il y a %1 h</translation>
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
        <translation>Horloge de cette machine moins celle du worker à l’arrivée d’un heartbeat&#xa0;; affiché au-delà de 1 s</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device</source>
        <translation>Appareil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>État</translation>
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
        <translation>Dernier heartbeat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clock skew</source>
        <translation>Décalage d’horloge</translation>
    </message>
    <message>
        <location line="+162"/>
        <source>%1 (started by this app)</source>
        <translation>%1 (démarré par cette application)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1
rbee-worker %2, first heartbeat %3</source>
        <translation>%1
rbee-worker %2, premier heartbeat %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Context: %1 tokens per slot</source>
        <translation>Contexte&#xa0;: %1 tokens par slot</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Prompt cache: %1% of %2 prompt tokens reused</source>
        <translation>Cache de prompt&#xa0;: %1&#xa0;% de %2 tokens de prompt réutilisés</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 of %2 slots busy</source>
        <translation>%1 slots occupés sur %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Jobs waiting on the worker: %1</source>
        <translation>Tâches en attente sur le worker&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Running a job; the rate is measured at the worker&apos;s next heartbeat</source>
        <translation>Traite une tâche&#xa0;; le débit est mesuré au prochain battement du worker</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>offline: %1</source>
        <translation>hors ligne&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>busy %1/%2</source>
        <translation>occupé %1/%2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Heartbeats arrive %1 off the worker&apos;s clock: the clocks disagree or the network is slow</source>
        <translation>Les heartbeats arrivent décalés de %1 par rapport à l’horloge du worker&#xa0;: les horloges divergent ou le réseau est lent</translation>
    </message>
</context>
</TS>
