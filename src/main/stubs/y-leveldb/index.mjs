/** @y/websocket-server's LevelDB persistence, which Stagecraft never turns on (YPERSISTENCE unset). */
export class LeveldbPersistence {
  constructor() {
    throw new Error('Stagecraft keeps live documents in its workspace; LevelDB persistence (YPERSISTENCE) is not available.');
  }
}
