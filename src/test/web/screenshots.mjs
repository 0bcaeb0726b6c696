// Screenshots for docs/web.md: node screenshots.mjs <base URL> <output folder>
// Seeds a small world through the API, then photographs home, compose, thread, profile, trends
// and notifications at desktop and phone width, in light and dark. Run by
// dev.murmur.web.WebScreenshotsTest (opt-in: -Dmurmur.web.screenshots=true).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Api, PASSWORD, handle, launch, logIn } from "./lib.mjs";

const [base, out] = process.argv.slice(2);
const api = new Api(base);
mkdirSync(out, { recursive: true });

async function user(name, displayName) {
  try {
    await api.call("POST", "/api/accounts", { body: { handle: name, displayName, password: PASSWORD } });
  } catch (e) {
    name = handle(name);
    await api.call("POST", "/api/accounts", { body: { handle: name, displayName, password: PASSWORD } });
  }
  const login = await api.call("POST", "/api/auth/login", { body: { handle: name, password: PASSWORD } });
  return { handle: name, token: login.token };
}

const ada = await user("ada", "Ada Lovelace");
const grace = await user("grace", "Grace Hopper");
const linus = await user("linus", "Linus");
const reader = await user("reader1", "Reader One");
for (const [who, whom] of [[reader, ada], [reader, grace], [reader, linus], [ada, grace], [grace, ada]]) {
  await api.follow(who, whom);
}
await api.call("PATCH", "/api/accounts/me", { token: ada.token, body: { bio: "Writing the first programs. Analytical engines, poetical science. #computing" } });
const first = await api.post(ada, "The Analytical Engine weaves algebraic patterns just as the Jacquard loom weaves flowers and leaves. #computing");
const bug = await api.post(grace, "Found the first actual bug today, taped it into the logbook 🦋 #debugging https://en.wikipedia.org/wiki/Bug_(engineering)");
await api.post(linus, "Talk is cheap. Show me the code. #opensource");
const reply = await api.post(ada, `@${grace.handle} a moth in relay 70? That is a story for the ages.`, { replyTo: bug.id });
await api.post(grace, "Exactly, and we kept the moth.", { replyTo: reply.id });
await api.post(linus, "Quoting this because it is still true 👇", { quoteOf: first.id });
await api.call("PUT", `/api/posts/${bug.id}/repost`, { token: ada.token });
for (const u of [reader, grace, linus]) { await api.like(u, first.id); }
await api.like(reader, bug.id);
const deleted = await api.post(linus, "A hot take I will regret");
await api.call("DELETE", `/api/posts/${deleted.id}`, { token: linus.token });
await api.post(grace, "The most dangerous phrase in the language is: we've always done it this way. 👩‍💻🇺🇸");

const shots = [
  ["home", "/"],
  ["compose", "/compose?quoteOf=" + first.id],
  ["thread", "/p/" + reply.id],
  ["profile", "/u/" + ada.handle],
  ["trends", "/trends"],
  ["notifications", "/notifications"]
];
const browser = await launch();
try {
  for (const scheme of ["light", "dark"]) {
    for (const [size, viewport] of [["desktop", { width: 1280, height: 860 }], ["phone", { width: 390, height: 844 }]]) {
      const context = await browser.newContext({ colorScheme: scheme, viewport, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await logIn(page, base, reader);
      for (const [name, path] of shots) {
        await page.goto(base + path);
        if (name === "compose") {
          await page.getByLabel("Add your comment").fill("Still true in 2026 — and a family emoji 👨‍👩‍👧 counts as one ✨");
        }
        const file = join(out, `${name}-${size}-${scheme}.png`);
        await page.screenshot({ path: file });
        console.log("wrote " + file);
      }
      await context.close();
    }
  }
  console.log("screenshots: done");
} finally {
  await browser.close();
}
