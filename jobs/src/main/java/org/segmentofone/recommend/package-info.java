/**
 * {@code recommend}: model, {@code interactions}, {@code person_profile}, {@code products}, {@code
 * events} in; {@code recommendations} and {@code trending} out.
 */
package org.segmentofone.recommend;
