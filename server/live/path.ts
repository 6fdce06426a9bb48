/** Where Socket.IO answers (its default): the HTTP server hands only other upgrades to Next.js. */
export const LIVE_PATH = "/socket.io/";
