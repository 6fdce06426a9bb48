// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Database drivers and the embedded PostgreSQL stay plain Node modules, loaded at run time by the
  // custom server, never bundled; pdfkit reads its font metrics from its own folder at run time, and the
  // period PDF parses its embedded font with pdfkit's own fontkit.
  serverExternalPackages: ["pg", "pdfkit", "fontkit", "@prisma/adapter-pg", "@prisma/client", "@electric-sql/pglite", "@electric-sql/pglite-socket", "pino"],
};

module.exports = nextConfig;
