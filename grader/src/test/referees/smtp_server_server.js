// Referee server: Nodemailer's smtp-server library (npm smtp-server), the smallest server its documentation shows:
// no AUTH, no STARTTLS, every message printed on stdout. Arguments: port, the node_modules folder it is installed in.
"use strict";
const path = require("path");
const [port, modules] = process.argv.slice(2);
const { SMTPServer } = require(modules ? path.join(modules, "smtp-server") : "smtp-server");
const server = new SMTPServer({
  name: "mx.example.org",
  authOptional: true,
  disabledCommands: ["AUTH", "STARTTLS"],
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
