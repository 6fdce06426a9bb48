// Prisma CLI configuration. Migrations run through the WASM schema engine over the same driver adapter
// the app uses, so nothing downloads an engine binary (see README, "Why Prisma 6.19").
import path from "node:path";
import "dotenv/config";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) {
      throw new Error(
        "DATABASE_URL is not set. `npm start` sets it for the embedded database; to run the Prisma CLI by hand, point it at a PostgreSQL server.",
      );
    }
    return new PrismaPg({ connectionString });
  },
});
