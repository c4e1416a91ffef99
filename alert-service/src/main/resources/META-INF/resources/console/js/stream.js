// The live stream of alert changes (server-sent events). EventSource cannot send a bearer token, so
// the stream is read with fetch and parsed here; after a drop it reconnects with Last-Event-ID and
// the server replays what was missed.
import {session} from './api.js';

export class AlertStream {
  constructor(onChange, onState) {
    this.onChange = onChange;
    this.onState = onState;
    this.lastEventId = null;
    this.controller = null;
    this.stopped = false;
    this.delay = 1000;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    if (this.controller) this.controller.abort();
  }

  async connect() {
    const current = session();
    if (this.stopped || !current) return;
    this.controller = new AbortController();
    const headers = {Accept: 'text/event-stream', Authorization: `Bearer ${current.token}`};
    if (this.lastEventId) headers['Last-Event-ID'] = this.lastEventId;
    try {
      const response = await fetch('../alerts/stream', {headers, signal: this.controller.signal, cache: 'no-store'});
      if (response.status === 401) {
        // An expired token does not become valid by trying again: the page asks to sign in.
        this.stopped = true;
        this.onState('signed-out');
        return;
      }
      if (!response.ok) throw new Error(`stream answered ${response.status}`);
      this.onState('live', headers['Last-Event-ID'] || null);
      this.delay = 1000;
      await this.read(response.body.getReader());
    } catch (e) {
      if (this.stopped) return;
    }
    if (this.stopped) return;
    this.onState('reconnecting');
    setTimeout(() => this.connect(), this.delay);
    this.delay = Math.min(this.delay * 2, 10000);
  }

  async read(reader) {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const {value, done} = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, {stream: true}).replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        this.dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  }

  dispatch(block) {
    let id = null;
    let type = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (!line || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
    }
    if (id !== null) this.lastEventId = id;
    if (!data.length) return;
    try {
      this.onChange(type, JSON.parse(data.join('\n')), id);
    } catch (e) {
      // A change that is not JSON is not one of ours; the stream goes on.
    }
  }
}
