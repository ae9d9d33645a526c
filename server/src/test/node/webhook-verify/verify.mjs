// Verifies webhook deliveries with the npm standardwebhooks package, independently of the Java code
// that signed them. One JSON case per stdin line: {"secret", "headers": {name: value}, "body", "now"};
// one answer per stdout line, in order: {"ok": true, "payload": <parsed body>} or {"ok": false, "error"}.
// "now" (Unix seconds) is the verifier's idea of the current time: the library refuses timestamps more
// than 5 minutes from Date.now(), and the Java tests drive a fake clock, so each case says what "now" is.
import { createInterface } from "node:readline";
import { Webhook } from "standardwebhooks";

const realNow = Date.now;
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim() === "") continue;
  const c = JSON.parse(line);
  Date.now = c.now === undefined ? realNow : () => c.now * 1000;
  let answer;
  try {
    const payload = new Webhook(c.secret).verify(c.body, c.headers);
    answer = { ok: true, payload };
  } catch (e) {
    answer = { ok: false, error: String(e && e.message ? e.message : e) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
