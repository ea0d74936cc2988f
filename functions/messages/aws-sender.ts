import type { DeliverableMessage, MessageSender } from '../lib/outbox';

type Ses = typeof import('@aws-sdk/client-sesv2');
type Sns = typeof import('@aws-sdk/client-sns');

/**
 * On AWS: email through SES (attachments such as .ics included), text messages through SNS. Each SDK client
 * is loaded when the first message needs it, not when the stream Lambda starts: most stream batches send
 * nothing, and loading both clients up front made the stream's cold start the slowest of all the bundles.
 */
export function awsSender(fromAddress: string): MessageSender {
  let ses: Promise<{ sdk: Ses; client: InstanceType<Ses['SESv2Client']> }> | undefined;
  let sns: Promise<{ sdk: Sns; client: InstanceType<Sns['SNSClient']> }> | undefined;
  const email = () => (ses ??= import('@aws-sdk/client-sesv2').then((sdk) => ({ sdk, client: new sdk.SESv2Client({}) })));
  const text = () => (sns ??= import('@aws-sdk/client-sns').then((sdk) => ({ sdk, client: new sdk.SNSClient({}) })));
  return {
    send: async (message: DeliverableMessage) => {
      if (message.channel === 'sms') {
        const { sdk, client } = await text();
        await client.send(new sdk.PublishCommand({ PhoneNumber: message.address, Message: `${message.subject}\n${message.text}` }));
        return;
      }
      const { sdk, client } = await email();
      await client.send(
        new sdk.SendEmailCommand({
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
