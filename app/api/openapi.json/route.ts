// GET /api/openapi.json: the OpenAPI 3.1 document of the JSON API (server/http/openapi.ts), generated
// from the zod schemas the routes validate requests with and type their answers by. No sign-in: it
// says what the API is, nothing about anyone's data.

import { json } from "@/server/http/responses";
import { openApiDocument } from "@/server/http/openapi";

export const dynamic = "force-dynamic";

export function GET() {
  return json(openApiDocument(), 200, { "cache-control": "public, max-age=300" });
}
