// A ticket's files: list, upload, and preview of images and PDFs through the download URL.
import { DownloadOutlined, EyeOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Flex, Image, Spin, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorDetail, errorMessage } from '../../api/client.ts';
import { formatDateTime } from '../../i18n/dates.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { attachmentUrl, listAttachments, ticketKeys, uploadAttachments, type Attachment } from './tickets.api.ts';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function TicketAttachments({ code, canUpload }: { code: string; canUpload: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const language = currentLanguage();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const files = useQuery({ queryKey: ticketKeys.attachments(code), queryFn: ({ signal }) => listAttachments(code, signal) });

  const upload = useMutation({
    mutationFn: (chosen: File[]) => uploadAttachments(code, chosen),
    onSuccess: (added) => {
      void message.success(t('tickets.attachments.uploaded', { count: added.length }));
      void queryClient.invalidateQueries({ queryKey: ticketKeys.attachments(code) });
    },
  });

  // A PDF opens in the browser's viewer from a local copy (the server sends files as downloads).
  const openPdf = async (file: Attachment) => {
    const response = await fetch(attachmentUrl(code, file.id), { credentials: 'same-origin' });
    if (!response.ok) {
      void message.error(t('errors.http', { status: response.status }));
      return;
    }
    const blob = new Blob([await response.arrayBuffer()], { type: 'application/pdf' });
    window.open(URL.createObjectURL(blob), '_blank', 'noopener');
  };

  return (
    <Card
      size="small"
      title={t('tickets.attachments.title')}
      extra={
        canUpload && (
          <>
            <input
              ref={input}
              type="file"
              multiple
              hidden
              data-testid="attachment-input"
              accept="image/jpeg,image/png,image/webp,image/heic,application/pdf,.doc,.docx,.xls,.xlsx"
              onChange={(event) => {
                const chosen = Array.from(event.target.files ?? []);
                if (chosen.length > 0) upload.mutate(chosen);
                event.target.value = '';
              }}
            />
            <Button size="small" icon={<UploadOutlined />} loading={upload.isPending} onClick={() => input.current?.click()}>
              {t('tickets.attachments.upload')}
            </Button>
          </>
        )
      }
    >
      {upload.isError && <Alert type="error" showIcon title={errorMessage(upload.error)} description={errorDetail(upload.error)} style={{ marginBottom: 8 }} />}
      {files.isPending ? (
        <Spin size="small" />
      ) : (files.data ?? []).length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tickets.attachments.empty')} />
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="attachment-list">
          {(files.data ?? []).map((file) => {
            const url = attachmentUrl(code, file.id);
            const isImage = file.mediaType.startsWith('image/') && file.mediaType !== 'image/heic';
            const isPdf = file.mediaType === 'application/pdf';
            return (
              <li key={file.id} style={{ paddingBlock: 6, borderBottom: '1px solid rgba(5,5,5,0.06)' }}>
                <Flex justify="space-between" align="center" gap="small">
                  <Flex vertical style={{ minWidth: 0 }}>
                    <Typography.Text ellipsis>{file.fileName}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {size(file.sizeBytes)} · {formatDateTime(file.createdAt, language)}
                      {file.uploadedByCitizen ? ` · ${t('tickets.attachments.byCitizen')}` : ''}
                    </Typography.Text>
                  </Flex>
                  <Flex gap={4} align="center" style={{ flexShrink: 0 }}>
                    {(isImage || isPdf) && (
                      <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => (isImage ? setPreview(url) : void openPdf(file))}>
                        {t('tickets.attachments.preview')}
                      </Button>
                    )}
                    <a href={url} download={file.fileName}>
                      <DownloadOutlined /> {t('tickets.attachments.download')}
                    </a>
                  </Flex>
                </Flex>
              </li>
            );
          })}
        </ul>
      )}
      {preview && (
        <Image
          style={{ display: 'none' }}
          src={preview}
          alt=""
          preview={{ open: true, src: preview, onOpenChange: (open) => !open && setPreview(null) }}
        />
      )}
    </Card>
  );
}
