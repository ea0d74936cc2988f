import type { DeliverableMessage, MessageSender } from '../lib/outbox';

type Ses = typeof import('@aws-sdk/client-sesv2');
type Sns = typeof import('@aws-sdk/client-sns');
type Sms = typeof import('@aws-sdk/client-pinpoint-sms-voice-v2');

/**
 * On AWS: email through SES (attachments such as .ics included); text messages through AWS End User Messaging
 * SMS from the partnership's two-way number (`textsFrom`: its phone number id or ARN), so replies come back to
 * it and reach the inbound handler; without a number, one-way through SNS. Each SDK client
 * is loaded when the first message needs it, not when the stream Lambda starts: most stream batches send
 * nothing, and loading both clients up front made the stream's cold start the slowest of all the bundles.
 */
export function awsSender(fromAddress: string, textsFrom?: string): MessageSender {
  let ses: Promise<{ sdk: Ses; client: InstanceType<Ses['SESv2Client']> }> | undefined;
  let sns: Promise<{ sdk: Sns; client: InstanceType<Sns['SNSClient']> }> | undefined;
  const email = () => (ses ??= import('@aws-sdk/client-sesv2').then((sdk) => ({ sdk, client: new sdk.SESv2Client({}) })));
  const text = () => (sns ??= import('@aws-sdk/client-sns').then((sdk) => ({ sdk, client: new sdk.SNSClient({}) })));
  let sms: Promise<{ sdk: Sms; client: InstanceType<Sms['PinpointSMSVoiceV2Client']> }> | undefined;
  const twoWay = () => (sms ??= import('@aws-sdk/client-pinpoint-sms-voice-v2').then((sdk) => ({ sdk, client: new sdk.PinpointSMSVoiceV2Client({}) })));
  return {
    send: async (message: DeliverableMessage) => {
      if (message.channel === 'sms' && textsFrom) {
        const { sdk, client } = await twoWay();
        await client.send(
          new sdk.SendTextMessageCommand({
            DestinationPhoneNumber: message.address,
            OriginationIdentity: textsFrom,
            MessageBody: message.text,
            MessageType: 'TRANSACTIONAL',
            Context: { messageId: message.id },
          }),
        );
        return;
      }
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
