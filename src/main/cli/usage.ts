export const USAGE = `Usage: stagecraft <command> [options]

Commands:
  start [--workspace DIR]                  open the desktop app (or the browser host when
                                           Electron or a display is unavailable)
  host [--port N] [--workspace DIR] [--open] [--shared]
                                           serve the app at http://127.0.0.1:PORT/ for a browser;
                                           a workspace already served prints that host's URL
                                           unless --shared
  sample                                   print the sample process as JSON
  validate FILE                            check a process file; exit 0 valid, 1 problems,
                                           2 unreadable
  simulate FILE [options]                  simulate the admin burden of a process file
                                           (see: stagecraft simulate --help)

Options:
  --workspace DIR   workspace folder (default: $STAGECRAFT_WORKSPACE, then the app data folder)
  -h, --help        show this help
`;
