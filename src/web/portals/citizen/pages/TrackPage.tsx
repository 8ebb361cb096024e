import { SearchOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Skeleton, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { normalizePhone } from '../../../../common/phone.ts';
import { errorDetail, errorMessage } from '../../../api/client.ts';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import { formatDateTime } from '../../../i18n/dates.ts';
import { currentLanguage } from '../../../i18n/index.ts';
import {
  CITIZEN_TYPES,
  citizenKeys,
  PUBLIC_ACTIONS,
  TICKET_CODE,
  TICKET_STATUSES,
  trackTicket,
  type CitizenTicketStatus,
  type CitizenTicketType,
  type PublicAction,
  type Tracking,
} from '../citizen.api.ts';
import { TicketActions } from '../components/TicketActions.tsx';

interface LookupForm {
  code: string;
  phone: string;
}

const isStatus = (value: string): value is CitizenTicketStatus => (TICKET_STATUSES as readonly string[]).includes(value);
const isType = (value: string): value is CitizenTicketType => (CITIZEN_TYPES as readonly string[]).includes(value);
const isAction = (value: string): value is PublicAction => (PUBLIC_ACTIONS as readonly string[]).includes(value);

const STATUS_COLORS: Record<CitizenTicketStatus, string> = {
  new: 'blue',
  forwarded: 'geekblue',
  in_progress: 'processing',
  waiting_citizen: 'warning',
  answer_submitted: 'purple',
  answered: 'success',
  closed: 'default',
  returned: 'orange',
  rejected: 'error',
};

/** Track a ticket by code and phone: state, dates, the public answer and history, and what the citizen may do next. */
export function TrackPage() {
  const { t } = useTranslation('citizen');
  const [params] = useSearchParams();
  const [form] = Form.useForm<LookupForm>();
  const [lookup, setLookup] = useState<LookupForm | null>(null);
  useDocumentTitle(t('track.title'));

  const ticket = useQuery({
    queryKey: citizenKeys.ticket(lookup?.code ?? '', lookup?.phone ?? ''),
    queryFn: ({ signal }) => trackTicket(lookup!.code, lookup!.phone, signal),
    enabled: lookup !== null,
    staleTime: 0,
  });

  return (
    <Flex vertical gap={16}>
      <Card>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t('track.title')}
        </Typography.Title>
        <Typography.Paragraph>{t('track.intro')}</Typography.Paragraph>
        <Form<LookupForm>
          form={form}
          layout="vertical"
          initialValues={{ code: params.get('ma') ?? '', phone: '' }}
          onFinish={(values) => {
            const next = { code: values.code.trim().toUpperCase(), phone: values.phone.trim() };
            if (lookup && next.code === lookup.code && next.phone === lookup.phone) void ticket.refetch();
            else setLookup(next);
          }}
        >
          <Form.Item
            name="code"
            label={t('track.code')}
            rules={[
              { required: true, whitespace: true, message: t('track.codeRequired') },
              { validator: (_, value: string | undefined) => (!value?.trim() || TICKET_CODE.test(value.trim()) ? Promise.resolve() : Promise.reject(new Error(t('track.codeInvalid')))) },
            ]}
          >
            <Input placeholder={t('track.codePlaceholder')} autoCapitalize="characters" spellCheck={false} autoComplete="off" maxLength={30} />
          </Form.Item>
          <Form.Item
            name="phone"
            label={t('track.phone')}
            rules={[
              { required: true, whitespace: true, message: t('submit.phoneRequired') },
              {
                validator: (_, value: string | undefined) =>
                  !value?.trim() || normalizePhone(value) !== null ? Promise.resolve() : Promise.reject(new Error(t('submit.phoneInvalid'))),
              },
            ]}
          >
            <Input type="tel" inputMode="tel" autoComplete="tel" maxLength={30} />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block icon={<SearchOutlined aria-hidden />} loading={ticket.isFetching}>
            {t('track.search')}
          </Button>
        </Form>
      </Card>

      {lookup &&
        (ticket.isPending ? (
          <Card>
            <Skeleton active aria-label={t('common.loading')} />
          </Card>
        ) : ticket.isError ? (
          <Alert role="alert" type="error" showIcon title={errorMessage(ticket.error)} description={errorDetail(ticket.error)} />
        ) : (
          <TicketDetails ticket={ticket.data} phone={lookup.phone} />
        ))}
    </Flex>
  );
}

function TicketDetails({ ticket, phone }: { ticket: Tracking; phone: string }) {
  const { t } = useTranslation('citizen');
  const queryClient = useQueryClient();
  const language = currentLanguage();
  const status = isStatus(ticket.status) ? ticket.status : null;
  // The server's Vietnamese label; in English our own wording of the same status.
  const statusLabel = language === 'vi' || !status ? ticket.statusLabel : t(`status.${status}`);

  return (
    <Card>
      <section aria-labelledby="track-result">
        <Typography.Title id="track-result" level={2} style={{ fontSize: 20, marginTop: 0 }}>
          {t('track.result')}: <span style={{ whiteSpace: 'nowrap' }}>{ticket.code}</span>
        </Typography.Title>
        <Descriptions
          column={1}
          size="small"
          bordered
          styles={{ label: { width: '40%' } }}
          items={[
            {
              key: 'status',
              label: t('track.status'),
              children: (
                <Tag data-testid="ticket-status" color={status ? STATUS_COLORS[status] : 'default'} style={{ whiteSpace: 'normal', margin: 0, fontSize: 14 }}>
                  {statusLabel}
                </Tag>
              ),
            },
            { key: 'type', label: t('track.type'), children: isType(ticket.type) ? t(`types.${ticket.type}`) : ticket.type },
            ...(ticket.domainName ? [{ key: 'domain', label: t('track.domain'), children: ticket.domainName }] : []),
            ...(ticket.leadAgencyName ? [{ key: 'agency', label: t('track.agency'), children: ticket.leadAgencyName }] : []),
            { key: 'created', label: t('track.createdAt'), children: formatDateTime(ticket.createdAt, language) },
            { key: 'updated', label: t('track.updatedAt'), children: formatDateTime(ticket.updatedAt, language) },
            ...(ticket.answeredAt ? [{ key: 'answered', label: t('track.answeredAt'), children: formatDateTime(ticket.answeredAt, language) }] : []),
            ...(ticket.satisfaction !== null
              ? [{ key: 'satisfaction', label: t('track.satisfaction'), children: t('track.satisfactionValue', { score: ticket.satisfaction }) }]
              : []),
          ]}
        />
      </section>

      <section aria-labelledby="track-answer" style={{ marginTop: 24 }}>
        <Typography.Title id="track-answer" level={3} style={{ fontSize: 17 }}>
          {t('track.answer')}
        </Typography.Title>
        {ticket.answer ? (
          <Typography.Paragraph data-testid="ticket-answer" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {ticket.answer}
          </Typography.Paragraph>
        ) : (
          <Typography.Text type="secondary">{t('track.noAnswer')}</Typography.Text>
        )}
      </section>

      <TicketActions
        ticket={ticket}
        phone={phone}
        onUpdated={(updated) => queryClient.setQueryData(citizenKeys.ticket(ticket.code, phone), updated)}
      />

      {ticket.events.length > 0 && (
        <section aria-labelledby="track-history" style={{ marginTop: 24 }}>
          <Typography.Title id="track-history" level={3} style={{ fontSize: 17 }}>
            {t('track.history')}
          </Typography.Title>
          <Timeline
            items={ticket.events.map((event, index) => ({
              key: `${event.at}-${index}`,
              content: (
                <>
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13 }}>
                    {formatDateTime(event.at, language)}
                  </Typography.Text>
                  <Typography.Text strong>{isAction(event.action) ? t(`actions.${event.action}`) : t('actions.other')}</Typography.Text>
                  {event.toStatus && isStatus(event.toStatus) && <Typography.Text type="secondary"> — {t(`status.${event.toStatus}`)}</Typography.Text>}
                  {event.note && (
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', margin: 0 }}>{event.note}</Typography.Paragraph>
                  )}
                </>
              ),
            }))}
          />
        </section>
      )}
    </Card>
  );
}
