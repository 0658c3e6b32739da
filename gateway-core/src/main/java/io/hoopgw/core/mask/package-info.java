/**
 * Inline masking: sensitive values are rewritten in results before the client sees them.
 *
 * <p>Configuration ({@link io.hoopgw.core.mask.MaskingConfig#read}) yields column rules and value-detector rules,
 * each with a {@link io.hoopgw.core.mask.MaskStrategy} and exempt groups. {@link
 * io.hoopgw.core.mask.MaskingConfig#forGroups} gives the {@link io.hoopgw.core.mask.Masker} of one identity, which
 * makes the per-message maskers: {@link io.hoopgw.core.mask.RowMasker} for DataRows, {@link
 * io.hoopgw.core.mask.CopyRowMasker} for COPY TO STDOUT rows, {@link io.hoopgw.core.mask.MessageMasker} for
 * NotificationResponse payloads and ErrorResponse/NoticeResponse texts. Masked values are counted per rule in a
 * {@link io.hoopgw.core.mask.MaskCounts}. Original values are never logged or kept.
 */
package io.hoopgw.core.mask;
