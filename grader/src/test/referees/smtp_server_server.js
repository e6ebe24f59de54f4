// Referee server: Nodemailer's smtp-server library (npm smtp-server), every message printed on stdout. Arguments:
// port, the node_modules folder it is installed in, and "plain" (no AUTH, no STARTTLS: the smallest server its
// documentation shows) or "esmtp" (STARTTLS with the library's own self-signed certificate, AUTH PLAIN and LOGIN only
// inside TLS, its default, taking the optional scenarios' account alice / wonderland).
"use strict";
const path = require("path");
const [port, modules, mode] = process.argv.slice(2);
const { SMTPServer } = require(modules ? path.join(modules, "smtp-server") : "smtp-server");
const esmtp = mode === "esmtp";
const server = new SMTPServer({
  name: "mx.example.org",
  authOptional: true,
  authMethods: ["PLAIN", "LOGIN"],
  disabledCommands: esmtp ? [] : ["AUTH", "STARTTLS"],
  onAuth(auth, session, callback) {
    if (auth.username === "alice" && auth.password === "wonderland") {
      return callback(null, { user: auth.username });
    }
    return callback(new Error("Invalid username or password"));
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on("data", (c) => chunks.push(c));
    stream.on("end", () => {
      process.stdout.write(Buffer.concat(chunks));
      callback();
    });
  },
});
server.listen(Number(port), "127.0.0.1");
