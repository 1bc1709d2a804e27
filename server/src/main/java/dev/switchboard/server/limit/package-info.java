/** Request rate limits counted in the shared {@link dev.switchboard.state.kv.Counters}, so they hold across every instance. */
package dev.switchboard.server.limit;
