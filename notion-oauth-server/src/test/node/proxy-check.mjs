// Notion's official JS SDK, unchanged, pointed at our proxy: prints what it got as one JSON line.
// Usage: node proxy-check.mjs <proxy base URL> <API key> <page id>
import { Client, APIResponseError } from "@notionhq/client";

const [baseUrl, auth, pageId] = process.argv.slice(2);
const notion = new Client({ auth, baseUrl, maxRetries: 0 });
const out = {};
out.me = await notion.users.me({});
out.search = await notion.search({ query: "" });
out.page = await notion.pages.retrieve({ page_id: pageId });
try {
  await notion.pages.retrieve({ page_id: "00000000-0000-0000-0000-000000000000" });
  out.missing = "no error";
} catch (e) {
  out.missing = e instanceof APIResponseError ? { status: e.status, code: e.code } : String(e);
}
console.log(JSON.stringify(out));
