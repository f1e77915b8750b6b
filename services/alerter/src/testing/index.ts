// The alerter's test support face ('@faultline/alerter/testing'): a local webhook/Slack receiver
// and analyzed-item fixtures, for benches and tests. Never imported by production code.
export { startReceiver, type Receiver, type Received, type Reply } from './receiver.ts';
export { seedItem, celebrityTailItem, syntheticItem } from '../fixtures/analyzed-items.ts';
export { startSmtpReceiver, type SmtpReceiver, type ReceivedMail } from './smtp-receiver.ts';
export {
  PagerDutyEventFormat,
  TeamsMessageFormat,
  TelegramSendMessageFormat,
  DiscordWebhookFormat,
  TEAMS_BODY_LIMIT,
  formatProblem,
  telegramVisible,
} from './channel-formats.ts';
export { testAlert } from '../fixtures/alerts.ts';
