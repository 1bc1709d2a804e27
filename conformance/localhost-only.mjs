// Preloaded into the conformance suite (node --import): its mock servers bind every interface by
// default; force loopback so tests never listen beyond 127.0.0.1. Some mocks read address() right
// after listen(0), so the bind must stay synchronous: Node resolves even an IP literal through
// dns.lookup, which is asynchronous, hence the synchronous answer for "127.0.0.1" below.
// (docs/design/conformance-client.md §0.8)
import dns from 'node:dns';
import net from 'node:net';

const lookup = dns.lookup;
dns.lookup = function (host, opts, cb) {
  if (host === '127.0.0.1') {
    const callback = typeof opts === 'function' ? opts : cb;
    const all = typeof opts === 'object' && opts && opts.all;
    all ? callback(null, [{ address: host, family: 4 }]) : callback(null, host, 4);
    return {};
  }
  return lookup.apply(this, arguments);
};

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || args[0] === undefined) {
    return listen.call(this, args[0] ?? 0, '127.0.0.1', ...args.slice(1).filter((a) => typeof a !== 'string'));
  }
  if (args[0] && typeof args[0] === 'object' && !Array.isArray(args[0])) {
    return listen.call(this, { ...args[0], host: '127.0.0.1' }, ...args.slice(1));
  }
  return listen.apply(this, args);
};
