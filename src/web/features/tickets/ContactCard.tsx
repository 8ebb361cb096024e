// The ticket's contact, masked; "Hiện thông tin" asks for a reason and shows it in clear (audited).
import { EyeOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorDetail, errorMessage } from '../../api/client.ts';
import { revealContact, type RevealedContact, type Ticket } from './tickets.api.ts';

export function ContactCard({ ticket, canReveal }: { ticket: Ticket; canReveal: boolean }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [revealed, setRevealed] = useState<RevealedContact | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const reveal = useMutation({
    mutationFn: (reason: string) => revealContact(ticket.contactId!, reason),
    onSuccess: (contact) => {
      setRevealed(contact);
      setAsking(false);
    },
  });

  return (
    <Card
      size="small"
      title={t('tickets.contact.title')}
      extra={
        canReveal && ticket.contactId && !revealed ? (
          <Button size="small" icon={<EyeOutlined />} onClick={() => setAsking(true)}>
            {t('tickets.contact.reveal')}
          </Button>
        ) : null
      }
    >
      {!ticket.contactId ? (
        <Typography.Text type="secondary">{t('tickets.contact.none')}</Typography.Text>
      ) : (
        <Descriptions size="small" column={1} data-testid="contact-details">
          <Descriptions.Item label={t('tickets.contact.name')}>{(revealed ? revealed.name : ticket.contactName) ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('tickets.contact.phone')}>{(revealed ? revealed.phones.join(', ') : ticket.contactPhone) || '—'}</Descriptions.Item>
          {revealed?.email && <Descriptions.Item label={t('tickets.contact.email')}>{revealed.email}</Descriptions.Item>}
          {revealed?.address && <Descriptions.Item label={t('tickets.fields.address')}>{revealed.address}</Descriptions.Item>}
        </Descriptions>
      )}
      {revealed && <Typography.Text type="warning" style={{ fontSize: 12 }}>{t('tickets.contact.revealedNote')}</Typography.Text>}
      <Modal
        open={asking}
        title={t('tickets.contact.revealTitle')}
        okText={t('tickets.contact.revealOk')}
        cancelText={t('tickets.actions.cancel')}
        confirmLoading={reveal.isPending}
        onOk={() => form.submit()}
        onCancel={() => setAsking(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" name="reveal" onFinish={(values) => reveal.mutate(values.reason.trim())}>
          {reveal.isError && <Alert type="error" showIcon title={errorMessage(reveal.error)} description={errorDetail(reveal.error)} style={{ marginBottom: 16 }} />}
          <Typography.Paragraph type="secondary">{t('tickets.contact.revealHelp')}</Typography.Paragraph>
          <Form.Item name="reason" label={t('tickets.contact.reason')} rules={[{ required: true, whitespace: true, min: 3, message: t('tickets.contact.reasonRequired') }]}>
            <Input autoComplete="off" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
