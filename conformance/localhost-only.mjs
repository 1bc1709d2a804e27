// Preloaded into the conformance suite (node --import): its mock servers bind every interface by
// default; force loopback so tests never listen beyond 127.0.0.1. listen() stays synchronous.
import net from 'node:net';
const original = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || args[0] === undefined) {
    const port = args[0] ?? 0;
    const rest = args.slice(1).filter((a) => typeof a !== 'string');
    return original.call(this, port, '127.0.0.1', ...rest);
  }
  if (args[0] && typeof args[0] === 'object' && !Array.isArray(args[0])) {
    return original.call(this, { ...args[0], host: '127.0.0.1' }, ...args.slice(1));
  }
  return original.apply(this, args);
};
