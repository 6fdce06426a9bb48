// @ts-check
// Pages in the account's language (next-intl, no locale in the URL): server/i18n/request.ts chooses it.
const createNextIntlPlugin = require("next-intl/plugin");
const withNextIntl = createNextIntlPlugin("./server/i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Database drivers and the embedded PostgreSQL stay plain Node modules, loaded at run time by the
  // custom server, never bundled; pdfkit reads its font metrics from its own folder at run time, and the
  // period PDF parses its embedded font with pdfkit's own fontkit.
  // The custom server loads every page and route module itself, and waits for it, before it opens its
  // database pool, job queue and Redis (server/http-server.ts prepareNext): not in the background.
  experimental: { preloadEntriesOnStart: false },
  serverExternalPackages: ["pg", "pdfkit", "fontkit", "@prisma/adapter-pg", "@prisma/client", "@electric-sql/pglite", "@electric-sql/pglite-socket", "pino"],
};

module.exports = withNextIntl(nextConfig);
