import type { SNSEvent } from 'aws-lambda';
import type { AppDeps } from '../lib/deps';
import { inboundText } from './schema';
import { handleInboundText } from './service';

/**
 * The inbound Lambda's work: each SNS record carries one text as AWS End User Messaging SMS publishes it
 * (a JSON string). A record that is not such a text is logged and dropped (retrying cannot mend it); a
 * failure handling a real one throws, so SNS retries it, and the handler's claim makes the retry safe.
 */
export function inboundTextHandler(deps: AppDeps) {
  return async (event: SNSEvent): Promise<void> => {
    for (const record of event.Records) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(record.Sns.Message);
      } catch {
        deps.log.warn('inbound text is not JSON', { snsMessageId: record.Sns.MessageId });
        continue;
      }
      const text = inboundText.safeParse(parsed);
      if (!text.success) {
        deps.log.warn('inbound text has an unexpected shape', { snsMessageId: record.Sns.MessageId });
        continue;
      }
      await handleInboundText(deps, text.data);
    }
  };
}
