/**
 * The item-to-item scorer and the hybrid with ALS: co-occurrence of products in persons' histories
 * ({@code interactions}), a similarity per pair (Jaccard, lift, cosine), each product's top
 * neighbours (the {@code neighbours} folder beside a model), person affinity × similarity as a
 * score, and the blend of ALS and item-to-item lists whose weight train chooses on validation.
 */
package org.segmentofone.itemtoitem;
