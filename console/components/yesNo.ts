/** Yes or no in the interface language. */
import { t } from '../i18n.ts'

export const yesNo = (value: boolean) => (value ? t('yes') : t('no'))
