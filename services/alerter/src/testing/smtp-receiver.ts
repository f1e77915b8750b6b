import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { AddressInfo } from 'node:net';

// A real SMTP server on 127.0.0.1 for tests (the `smtp-server` package): AUTH PLAIN/LOGIN with
// one user, every message kept raw, and a `reply` hook that can answer an attempt with an SMTP
// error (451: try again later; 550: rejected for good).

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  user: string | undefined;
}

export interface SmtpReceiver {
  port: number;
  mails: ReceivedMail[];
  /** Failed AUTH attempts. */
  badLogins: number;
  close(): Promise<void>;
}

export async function startSmtpReceiver(options: {
  user: string;
  password: string;
  /** An SMTP code to answer this message with (a 4xx or 5xx), or nothing to accept it. */
  reply?: (raw: string, attempt: number) => number | undefined;
}): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const attempts = new Map<string, number>();
  let badLogins = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === options.user && auth.password === options.password)
        return cb(null, { user: auth.username });
      badLogins++;
      return cb(Object.assign(new Error('Invalid credentials'), { responseCode: 535 }));
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const id = /^X-Faultline-Id: (.+)$/im.exec(raw)?.[1]?.trim() ?? raw.slice(0, 200);
        const attempt = (attempts.get(id) ?? 0) + 1;
        attempts.set(id, attempt);
        const code = options.reply?.(raw, attempt);
        if (code)
          return cb(Object.assign(new Error(`test answer ${code}`), { responseCode: code }));
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    mails,
    get badLogins() {
      return badLogins;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
