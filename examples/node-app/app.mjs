// A small app beside notion-oauth-handler, in Node.js: it never sees a Notion token.
//  - "Connect Notion" asks the server's API for a signed, single-use install link for this user;
//  - /events receives the server's events (Standard Webhooks, verified with the npm package);
//  - /pages lists the user's Notion pages through the server's proxy, with Notion's own SDK.
// Configured by the environment: NOTION_OAUTH_URL (the server, e.g. http://127.0.0.1:8080),
// NOTION_OAUTH_API_KEY (from `api-keys create`), APP_EVENTS_SECRET (whsec_…, the server's
// app-events.secret), PORT (default 3000).
import express from "express";
import { Client } from "@notionhq/client";
import { Webhook } from "standardwebhooks";

const server = process.env.NOTION_OAUTH_URL ?? "http://127.0.0.1:8080";
const apiKey = process.env.NOTION_OAUTH_API_KEY;
const events = new Webhook(process.env.APP_EVENTS_SECRET);
const received = []; // a real app stores these; here they are shown at /events.json

// the signed-in user; a real app takes it from its session
const USER_ID = "demo-user";

async function api(method, path, body) {
  const answer = await fetch(server + "/api/v1" + path, {
    method,
    headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await answer.json();
  if (!answer.ok) throw new Error(`${method} ${path}: ${answer.status} ${json.code}`);
  return json;
}

const escape = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

const app = express();

app.get("/", (req, res) => {
  res.type("html").send(`<!doctype html><title>Node app</title>
<h1>Your workspace</h1>
<form method="post" action="/connect"><button>Connect Notion</button></form>
<p><a href="/pages">Your Notion pages</a></p>`);
});

// the link carries the user's id as context: the installation comes back with it
app.post("/connect", async (req, res, next) => {
  try {
    const link = await api("POST", "/install-links", { context: { "user-id": USER_ID } });
    res.redirect(303, link.url);
  } catch (e) {
    next(e);
  }
});

// Standard Webhooks: the raw body is what was signed
app.post("/events", express.raw({ type: "application/json" }), (req, res) => {
  try {
    const event = events.verify(req.body.toString("utf8"), req.headers);
    received.push(event);
    res.status(204).end();
  } catch {
    res.status(400).send("bad signature");
  }
});

app.get("/events.json", (req, res) => res.json(received));

// Notion's SDK unchanged, pointed at the proxy: the server adds the token, refreshes it, paces calls
app.get("/pages", async (req, res, next) => {
  try {
    const mine = await api("GET", `/installations?status=active&context.user-id=${USER_ID}`);
    const items = [];
    for (const installation of mine.results) {
      const notion = new Client({
        auth: apiKey,
        baseUrl: `${server}/api/v1/notion/${installation.bot_id}`,
      });
      const found = await notion.search({ filter: { property: "object", value: "page" } });
      for (const page of found.results) {
        const title = Object.values(page.properties ?? {}).find((p) => p.type === "title");
        const text = title?.title?.map((t) => t.plain_text).join("") || page.id;
        items.push(`<li>${escape(text)} <small>(${escape(installation.workspace.name)})</small></li>`);
      }
    }
    res.type("html").send(`<!doctype html><title>Your pages</title><h1>Your Notion pages</h1><ul>${items.join("")}</ul>`);
  } catch (e) {
    next(e);
  }
});

app.use((err, req, res, next) => {
  console.error(err.message);
  res.status(502).type("text").send("The Notion connection answered with an error.");
});

const port = Number(process.env.PORT ?? 3000);
app.listen(port, "127.0.0.1", () => console.log(`node app on ${port}`));
