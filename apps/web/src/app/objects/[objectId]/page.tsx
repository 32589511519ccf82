import type { Metadata } from 'next';
import { ObjectDetailView } from '~/components/objects/object-detail-view';

export const metadata: Metadata = { title: 'Object' };

export default async function ObjectPage({ params }: { params: Promise<{ objectId: string }> }) {
  const { objectId } = await params;
  return <ObjectDetailView objectId={objectId} />;
}
