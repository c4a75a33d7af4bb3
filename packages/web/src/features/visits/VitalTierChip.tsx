import type { TierColour, VitalTier } from '@carehub/core';
import { Badge, type BadgeProps, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { pick, useLang } from '../../i18n';

/**
 * The chip colours of the Thai 7-colour tiers ("ปิงปองจราจรชีวิต 7 สี") as volunteers know them from
 * the printed chart. White is an outlined chip, so it shows on a white page; light colours get dark
 * text (autoContrast).
 */
const CHIP: Record<TierColour, Pick<BadgeProps, 'color' | 'variant'>> = {
  white: { color: 'gray', variant: 'outline' },
  light_green: { color: 'lime.3', variant: 'filled' },
  dark_green: { color: 'green.9', variant: 'filled' },
  yellow: { color: 'yellow.4', variant: 'filled' },
  orange: { color: 'orange.6', variant: 'filled' },
  red: { color: 'red.8', variant: 'filled' },
};

/**
 * A reading's tier as a coloured chip that also says the colour and the tier in words (colour is
 * never the only cue). The live region is always there, empty without a tier, so that a screen
 * reader hears the tier change as the volunteer types.
 */
export function VitalTierChip({ tier, what }: { tier: VitalTier | undefined; what: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <div aria-live="polite" aria-atomic="true" style={{ minHeight: 22 }}>
      {tier && (
        <Badge
          {...CHIP[tier.colour]}
          autoContrast
          radius="sm"
          tt="none"
          size="md"
          h="auto"
          py={2}
          maw="100%"
          styles={{ label: { whiteSpace: 'normal' } }}
          data-tier={tier.colour}
        >
          <VisuallyHidden>{t('visitForm.tierOf', { what })}</VisuallyHidden>
          {pick(tier.colourLabel, lang)} · {pick(tier.label, lang)}
        </Badge>
      )}
    </div>
  );
}
