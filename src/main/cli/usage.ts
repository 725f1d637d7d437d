export const USAGE = `Usage: stagecraft <command> [options]

Commands:
  start [--workspace DIR]                  open the desktop app (or the browser host when
                                           Electron or a display is unavailable)
  host [--port N] [--workspace DIR] [--open] [--shared]
                                           serve the app at http://127.0.0.1:PORT/ for a browser;
                                           a workspace already served prints that host's URL
                                           unless --shared
  host --lan [--bind ADDRESS] [--process ID|NAME] [--tls-cert FILE --tls-key FILE]
                                           also open a live workshop to the room on the LAN
                                           address (default: the first private IPv4) and print
                                           the join URL, the observer URL and a QR code
  sample                                   print the sample process as JSON
  validate FILE                            check a process file; exit 0 valid, 1 problems,
                                           2 unreadable
  simulate FILE [options]                  simulate the admin burden of a process file
                                           (see: stagecraft simulate --help)
  import-fields SOURCE… --into PROCESS.json [--mapping MAP.json] [--preset NAME]
                                           import a CRM field list (Salesforce, HubSpot,
                                           Pipedrive, any CSV) into a process file
  calibrate PROCESS.json HISTORY.csv [--apply] [--json]
                                           compare the model with the CRM's stage history
  export FILE --format csv|svg|png|html|pdf|handout|handout-pdf|helptext|changes [--out PATH]
                                           field register, graph, report, rep handout, CRM
                                           help text or change list
  report FILE [--pdf] [--out PATH]         the workshop report (PDF through a local Chromium)
  diff OLD.json NEW.json [--json]          what changed (by id), the admin-burden delta and who
                                           loses data; exit 0, 1 invalid, 2 unreadable
  history DIR ID [--json]                  the revisions of process ID in workspace DIR: who,
                                           when, summary, reason
  live-relay --port N --publisher-token A --reader-token B [--bind ADDRESS]
                                           a standalone server for live workshops: hosts publish
                                           their room to it, readers follow from anywhere

Options:
  --workspace DIR   workspace folder (default: $STAGECRAFT_WORKSPACE, then the app data folder)
  -h, --help        show this help
`;
