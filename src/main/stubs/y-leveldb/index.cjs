'use strict';
/** @y/websocket-server's LevelDB persistence, which Stagecraft never turns on (YPERSISTENCE unset). */
class LeveldbPersistence {
  constructor() {
    throw new Error('Stagecraft keeps live documents in its workspace; LevelDB persistence (YPERSISTENCE) is not available.');
  }
}
module.exports = { LeveldbPersistence };
