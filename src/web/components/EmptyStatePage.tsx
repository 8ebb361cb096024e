import { Empty, Flex, Typography } from 'antd';
import { useDocumentTitle } from './use-document-title.ts';

export interface EmptyStatePageProps {
  title: string;
  description: string;
  /** What to say in the empty box, e.g. "No data yet." */
  emptyText: string;
}

/** A page with its heading and an honest empty state: no made-up rows. */
export function EmptyStatePage({ title, description, emptyText }: EmptyStatePageProps) {
  useDocumentTitle(title);
  return (
    <Flex vertical gap="large">
      <div>
        <Typography.Title level={1} style={{ fontSize: 24, marginBottom: 4 }}>
          {title}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {description}
        </Typography.Paragraph>
      </div>
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} style={{ padding: '48px 0' }} />
    </Flex>
  );
}
