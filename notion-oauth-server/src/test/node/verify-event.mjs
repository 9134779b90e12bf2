// The standardwebhooks package (standardwebhooks.com), verifying one app event as an app would.
// Reads {"secret","headers":{…},"body"} as JSON on standard input; prints the verified payload.
import { Webhook } from "standardwebhooks";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { secret, headers, body } = JSON.parse(input);
const payload = new Webhook(secret).verify(body, headers);
console.log(JSON.stringify(payload));
