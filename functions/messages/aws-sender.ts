import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { DeliverableMessage, MessageSender } from '../lib/outbox';

/** On AWS: email through SES (attachments such as .ics included), text messages through SNS. */
export function awsSender(fromAddress: string): MessageSender {
  const ses = new SESv2Client({});
  const sns = new SNSClient({});
  return {
    send: async (message: DeliverableMessage) => {
      if (message.channel === 'sms') {
        await sns.send(new PublishCommand({ PhoneNumber: message.address, Message: `${message.subject}\n${message.text}` }));
        return;
      }
      await ses.send(
        new SendEmailCommand({
          FromEmailAddress: fromAddress,
          Destination: { ToAddresses: [message.address] },
          Content: {
            Simple: {
              Subject: { Data: message.subject },
              Body: { Text: { Data: message.text } },
              Attachments: (message.attachments ?? []).map((a) => ({
                FileName: a.filename,
                ContentType: a.contentType,
                RawContent: new TextEncoder().encode(a.content),
              })),
            },
          },
        }),
      );
    },
  };
}
