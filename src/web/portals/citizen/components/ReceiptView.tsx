import { CheckCircleFilled, CopyOutlined, SearchOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Spin, Typography, theme } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorDetail, errorMessage } from '../../../api/client.ts';
import { formatLongDate } from '../../../i18n/dates.ts';
import { currentLanguage } from '../../../i18n/index.ts';
import { citizenKeys, fetchDue, uploadAttachments, type Receipt } from '../citizen.api.ts';
import { CITIZEN_PATHS } from '../paths.ts';

/** The usual limit for an answer, until the per-type policy is published. */
const USUAL_WORKING_DAYS = 10;

export interface ReceiptViewProps {
  receipt: Receipt;
  phone: string;
  /** Files chosen on the form: uploaded once the ticket exists. */
  files: File[];
  onAnother: () => void;
}

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Pages served over plain HTTP have no clipboard API.
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy failed');
}

/** After a submission: the code, big, with a copy button; the due date; the attachments' upload. */
export function ReceiptView({ receipt, phone, files, onAnother }: ReceiptViewProps) {
  const { t } = useTranslation('citizen');
  const { token } = theme.useToken();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const language = currentLanguage();
  const headingRef = useRef<HTMLHeadingElement>(null);

  const due = useQuery({
    queryKey: citizenKeys.due(receipt.createdAt),
    queryFn: ({ signal }) => fetchDue(receipt.createdAt, USUAL_WORKING_DAYS, signal),
    staleTime: Infinity,
  });

  const upload = useMutation({ mutationFn: () => uploadAttachments(receipt.code, phone, files) });
  const { mutate: startUpload } = upload;
  const started = useRef(false);
  useEffect(() => {
    if (files.length > 0 && !started.current) {
      started.current = true;
      startUpload();
    }
  }, [files.length, startUpload]);

  // Screen readers (and keyboard users) land on the result.
  useEffect(() => headingRef.current?.focus(), []);

  const copy = () => {
    copyText(receipt.code).then(
      () => void message.success(t('receipt.copied')),
      () => void message.error(t('receipt.copyFailed')),
    );
  };

  return (
    <Card>
      <Flex vertical align="center" gap={8} style={{ textAlign: 'center' }}>
        <CheckCircleFilled aria-hidden style={{ fontSize: 48, color: token.colorSuccess }} />
        <Typography.Title level={1} ref={headingRef} tabIndex={-1} style={{ fontSize: 24, margin: 0, outline: 'none' }}>
          {t('receipt.title')}
        </Typography.Title>
        {receipt.replayed && <Typography.Text type="secondary">{t('receipt.replayed')}</Typography.Text>}
        <Typography.Text>{t('receipt.codeLabel')}</Typography.Text>
        <div
          data-testid="ticket-code"
          style={{
            fontSize: 'clamp(20px, 7vw, 32px)',
            fontWeight: 700,
            letterSpacing: 1,
            whiteSpace: 'nowrap',
            fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
            color: token.colorPrimary,
          }}
        >
          {receipt.code}
        </div>
        <Button icon={<CopyOutlined aria-hidden />} onClick={copy}>
          {t('receipt.copy')}
        </Button>
        <Typography.Text type="secondary">{t('receipt.keepCode')}</Typography.Text>
      </Flex>

      <Card size="small" style={{ marginTop: 16, background: token.colorFillAlter }}>
        <Typography.Text strong>{t('receipt.dueLabel')}: </Typography.Text>
        {due.isPending ? (
          <Spin size="small" aria-label={t('receipt.dueLoading')} />
        ) : due.isError ? (
          <Typography.Text type="secondary">{t('receipt.dueUnavailable')}</Typography.Text>
        ) : (
          <Typography.Text strong data-testid="due-date" style={{ color: token.colorPrimary }}>
            {formatLongDate(due.data, language)}
          </Typography.Text>
        )}
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 13 }}>
          {t('receipt.dueNote')}
        </Typography.Paragraph>
      </Card>

      {files.length > 0 && (
        <div style={{ marginTop: 16 }} aria-live="polite">
          {upload.isPending && <Spin size="small" />}
          {upload.isSuccess && <Alert type="success" showIcon title={t('receipt.filesSent', { count: upload.data.length })} />}
          {upload.isError && (
            <Alert
              type="warning"
              showIcon
              title={`${t('receipt.filesFailed')}: ${errorMessage(upload.error)}`}
              description={errorDetail(upload.error)}
              action={
                <Button size="small" onClick={() => upload.mutate()}>
                  {t('receipt.filesRetry')}
                </Button>
              }
            />
          )}
        </div>
      )}

      <Flex wrap gap={12} style={{ marginTop: 24 }}>
        <Button
          type="primary"
          size="large"
          icon={<SearchOutlined aria-hidden />}
          style={{ flex: '1 1 200px' }}
          onClick={() => void navigate(`${CITIZEN_PATHS.track}?ma=${encodeURIComponent(receipt.code)}`)}
        >
          {t('receipt.track')}
        </Button>
        <Button size="large" style={{ flex: '1 1 200px' }} onClick={onAnother}>
          {t('receipt.another')}
        </Button>
      </Flex>
    </Card>
  );
}
