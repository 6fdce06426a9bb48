// Loaded into a test's server process (`--require`): says, as JSON log lines, when each of Next's page and
// route modules is compiled, and how many outgoing connections (database, Redis: anything opened with
// connect()) were open or opening at that moment. Loading the modules stalls the event loop for seconds;
// a connection in flight then has its timers run out (test/start-order.test.ts). Also says which of the
// build's modules Node kept a source map for (each one held in the heap), and whether source maps are
// on for the app's own code once started.
const { isMainThread } = require("node:worker_threads");
if (isMainThread) {
  const Module = require("node:module");
  const net = require("node:net");
  const open = new Set();
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (...args) {
    if (!open.has(this)) {
      open.add(this);
      this.once("close", () => open.delete(this));
    }
    return connect.apply(this, args);
  };
  const compile = Module.prototype._compile;
  Module.prototype._compile = function (content, filename) {
    if (/[\\/]\.next[\\/]server[\\/]app[\\/](?:.*[\\/])?(page|route)\.js$/.test(filename)) {
      process.stdout.write(`${JSON.stringify({ msg: "entry compiled", file: filename, connections: open.size, time: Date.now() })}\n`);
    }
    const compiled = compile.call(this, content, filename);
    if (/[\\/]\.next[\\/]server[\\/]/.test(filename) && Module.findSourceMap(filename)) {
      process.stdout.write(`${JSON.stringify({ msg: "build source map kept", file: filename })}\n`);
    }
    return compiled;
  };
  setInterval(() => process.stdout.write(`${JSON.stringify({ msg: "source maps", enabled: process.sourceMapsEnabled })}\n`), 500).unref();
}
