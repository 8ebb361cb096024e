import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Rate, Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { errorDetail, errorMessage } from '../../../api/client.ts';
import { rateTicket, reopenTicket, sendInfo, type Tracking } from '../citizen.api.ts';

export interface TicketActionsProps {
  ticket: Tracking;
  /** The phone number the citizen tracked with: it proves the ticket is theirs. */
  phone: string;
  onUpdated: (ticket: Tracking) => void;
}

function ErrorAlert({ error }: { error: Error | null }) {
  if (!error) return null;
  return <Alert role="alert" type="error" showIcon style={{ marginBottom: 12 }} title={errorMessage(error)} description={errorDetail(error)} />;
}

/** What the citizen may do now: rate the answer, reopen it, or send the information asked for. */
export function TicketActions({ ticket, phone, onUpdated }: TicketActionsProps) {
  const waiting = ticket.status === 'waiting_citizen';
  if (!ticket.canRate && !ticket.canReopen && !waiting) return null;
  return (
    <>
      {waiting && <InfoForm ticket={ticket} phone={phone} onUpdated={onUpdated} />}
      {ticket.canRate && <RatingForm ticket={ticket} phone={phone} onUpdated={onUpdated} />}
      {ticket.canReopen && <ReopenForm ticket={ticket} phone={phone} onUpdated={onUpdated} />}
    </>
  );
}

function RatingForm({ ticket, phone, onUpdated }: TicketActionsProps) {
  const { t } = useTranslation('citizen');
  const { message } = App.useApp();
  const titleId = useId();
  const rate = useMutation({
    mutationFn: (values: { score: number; comment?: string }) =>
      rateTicket(ticket.code, { phone, score: values.score, ...(values.comment?.trim() ? { comment: values.comment.trim() } : {}) }),
    onSuccess: (updated) => {
      void message.success(t('track.rated'));
      onUpdated(updated);
    },
  });
  return (
    <section aria-labelledby={titleId} style={{ marginTop: 24 }}>
      <Typography.Title id={titleId} level={3} style={{ fontSize: 17 }}>
        {t('track.rateTitle')}
      </Typography.Title>
      <Form<{ score: number; comment?: string }> layout="vertical" onFinish={(values) => !rate.isPending && rate.mutate(values)}>
        <Form.Item name="score" label={t('track.rateScore')} rules={[{ required: true, message: t('track.rateRequired') }]}>
          <Rate aria-label={t('track.rateScore')} style={{ fontSize: 30 }} />
        </Form.Item>
        <Form.Item name="comment" label={t('track.rateComment')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
        <ErrorAlert error={rate.error} />
        <Button type="primary" htmlType="submit" loading={rate.isPending}>
          {t('track.rateSend')}
        </Button>
      </Form>
    </section>
  );
}

function ReopenForm({ ticket, phone, onUpdated }: TicketActionsProps) {
  const { t } = useTranslation('citizen');
  const { message } = App.useApp();
  const titleId = useId();
  const reopen = useMutation({
    mutationFn: (values: { reason: string }) => reopenTicket(ticket.code, { phone, reason: values.reason.trim() }),
    onSuccess: (updated) => {
      void message.success(t('track.reopened'));
      onUpdated(updated);
    },
  });
  return (
    <section aria-labelledby={titleId} style={{ marginTop: 24 }}>
      <Typography.Title id={titleId} level={3} style={{ fontSize: 17 }}>
        {t('track.reopenTitle')}
      </Typography.Title>
      <Form<{ reason: string }> layout="vertical" onFinish={(values) => !reopen.isPending && reopen.mutate(values)}>
        <Form.Item
          name="reason"
          label={t('track.reopenReason')}
          rules={[{ required: true, whitespace: true, min: 5, message: t('track.reopenReasonRequired') }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={5000} />
        </Form.Item>
        <ErrorAlert error={reopen.error} />
        <Button danger htmlType="submit" loading={reopen.isPending}>
          {t('track.reopenSend')}
        </Button>
      </Form>
    </section>
  );
}

function InfoForm({ ticket, phone, onUpdated }: TicketActionsProps) {
  const { t } = useTranslation('citizen');
  const { message } = App.useApp();
  const titleId = useId();
  const info = useMutation({
    mutationFn: (values: { reply: string }) => sendInfo(ticket.code, { phone, reply: values.reply.trim() }),
    onSuccess: (updated) => {
      void message.success(t('track.infoSent'));
      onUpdated(updated);
    },
  });
  return (
    <section aria-labelledby={titleId} style={{ marginTop: 24 }}>
      <Typography.Title id={titleId} level={3} style={{ fontSize: 17 }}>
        {t('track.infoTitle')}
      </Typography.Title>
      <Typography.Paragraph>{t('track.infoIntro')}</Typography.Paragraph>
      <Form<{ reply: string }> layout="vertical" onFinish={(values) => !info.isPending && info.mutate(values)}>
        <Form.Item name="reply" label={t('track.infoReply')} rules={[{ required: true, whitespace: true, message: t('track.infoRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={20_000} />
        </Form.Item>
        <ErrorAlert error={info.error} />
        <Button type="primary" htmlType="submit" loading={info.isPending}>
          {t('track.infoSend')}
        </Button>
      </Form>
    </section>
  );
}
