// Referee: Nodemailer's SMTP transport (npm nodemailer), the raw message from the message file, the envelope from
// the scenario. Arguments: host, port, the node_modules folder nodemailer is installed in, and plain | starttls | implicit.
"use strict";
const fs = require("fs");
const path = require("path");
const [host, port, modules, tlsArg] = process.argv.slice(2);
const nodemailer = require(modules ? path.join(modules, "nodemailer") : "nodemailer");
const tls = tlsArg || "plain";
const transport = nodemailer.createTransport({
  host,
  port: Number(port),
  name: "client.example",
  secure: tls === "implicit",
  ignoreTLS: tls === "plain",
  requireTLS: tls === "starttls",
  tls: { rejectUnauthorized: false },
  auth: tls === "plain" ? undefined : { user: process.env.SMTP_USER || "alice", pass: process.env.SMTP_PASSWORD || "secret12" },
  connectionTimeout: 30000,
  logger: true,
});
transport.sendMail(
  { envelope: { from: process.env.SMTP_FROM, to: process.env.SMTP_TO.split(",") }, raw: fs.readFileSync(process.env.SMTP_MESSAGE_FILE) },
  (err, info) => {
    if (err) {
      console.error("Error: " + err.message);
      process.exit(1);
    }
    console.log(info.response);
  });
