import { Alert, Button, Group, Modal, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api';
import { notifyError, notifySuccess } from '../../components/feedback';

export interface ReviewRequest {
  decision: 'approve' | 'return';
  visitIds: string[];
  /** How many of them carry a plausibility flag, said again before approving. */
  flagged: number;
  /** A comment already typed on the card, carried into the dialog. */
  comment?: string;
}

/**
 * The last step of a review, for one visit or a batch: approving asks for confirmation (approval
 * counts towards the stipend, so never one click), returning asks for the reason. One request to
 * POST /api/visits/review decides them all or none.
 */
export function ReviewDialog({ request, onClose, onDone }: { request: ReviewRequest | null; onClose: () => void; onDone?: (ids: string[]) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [comment, setComment] = useState('');
  const [shown, setShown] = useState<ReviewRequest | null>(request);
  useEffect(() => {
    if (request) {
      setShown(request);
      setComment(request.comment ?? '');
    }
  }, [request]);
  const review = useMutation({
    mutationFn: (r: ReviewRequest) =>
      post('/api/visits/review', { visitIds: r.visitIds, decision: r.decision, ...(comment.trim() ? { comment: comment.trim() } : {}) }),
    onSuccess: (_res, r) => {
      notifySuccess(r.decision === 'approve' ? t('review.approved') : t('review.returned'));
      void qc.invalidateQueries({ queryKey: ['visits'] });
      onDone?.(r.visitIds);
      onClose();
    },
    onError: notifyError,
  });
  const r = shown;
  const count = r?.visitIds.length ?? 0;
  const returning = r?.decision === 'return';
  const missingReason = returning && !comment.trim();
  return (
    <Modal
      opened={request !== null}
      onClose={onClose}
      title={returning ? t('review.returnTitle', { count }) : t('review.confirmApproveTitle', { count })}
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <div data-review-dialog={r?.decision}>
        {!returning && <Text mb="sm">{t('review.confirmApproveText')}</Text>}
        {!returning && r && r.flagged > 0 && (
          <Alert color="red" variant="light" mb="sm">
            {t('review.confirmFlagged', { count: r.flagged })}
          </Alert>
        )}
        <Textarea
          label={returning ? t('review.reason') : t('review.approveComment')}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
          required={returning}
          autosize
          minRows={2}
          maxLength={2000}
          data-autofocus={returning || undefined}
        />
        <Group justify="flex-end" gap="sm" mt="lg">
          <Button variant="default" onClick={onClose} disabled={review.isPending}>
            {t('common.cancel')}
          </Button>
          <Button
            color={returning ? 'orange' : undefined}
            disabled={missingReason}
            loading={review.isPending}
            onClick={() => r && review.mutate(r)}
            data-autofocus={!returning || undefined}
          >
            {returning ? t('review.confirmReturn') : t('review.confirmApprove')}
          </Button>
        </Group>
      </div>
    </Modal>
  );
}
