// The ticket's history: public events (the citizen sees them) and internal ones look different.
import { EyeInvisibleOutlined, GlobalOutlined } from '@ant-design/icons';
import { Flex, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/dates.ts';
import { currentLanguage } from '../../i18n/index.ts';
import type { TicketAction, TicketStatus } from '../../../common/tickets.ts';
import type { TicketEvent } from './tickets.api.ts';

export function TicketTimeline({ events }: { events: TicketEvent[] }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <Timeline
      data-testid="ticket-timeline"
      items={events.map((event, index) => {
        const isPublic = event.visibility === 'public';
        return {
          key: `${event.at}-${index}`,
          color: isPublic ? 'blue' : 'gray',
          icon: isPublic ? <GlobalOutlined /> : <EyeInvisibleOutlined />,
          content: (
            <Flex
              vertical
              gap={2}
              data-visibility={event.visibility}
              style={isPublic ? undefined : { background: 'rgba(0,0,0,0.03)', borderInlineStart: '3px dashed #bfbfbf', paddingInlineStart: 8 }}
            >
              <Flex gap="small" wrap align="center">
                <Typography.Text strong>{t(`tickets.action.${event.action as TicketAction}`, { defaultValue: event.action })}</Typography.Text>
                <Tag color={isPublic ? 'blue' : 'default'}>{isPublic ? t('tickets.timeline.public') : t('tickets.timeline.internal')}</Tag>
                {event.toStatus && event.toStatus !== event.fromStatus && (
                  <Typography.Text type="secondary">→ {t(`tickets.status.${event.toStatus as TicketStatus}`, { defaultValue: event.toStatus })}</Typography.Text>
                )}
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(event.at, language)} · {event.actorLabel === 'anonymous' ? t('tickets.timeline.citizen') : event.actorLabel === 'system' ? t('tickets.timeline.system') : event.actorLabel}
              </Typography.Text>
              {event.note && <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{event.note}</Typography.Paragraph>}
            </Flex>
          ),
        };
      })}
    />
  );
}
