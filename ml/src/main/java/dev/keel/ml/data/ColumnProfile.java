package dev.keel.ml.data;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * Statistics of one column.
 *
 * @param type {@code numeric} or {@code categorical}
 * @param count values present
 * @param missing values missing
 * @param min numeric only (null otherwise, and when the column has no value)
 * @param max numeric only
 * @param mean numeric only
 * @param std numeric only: sample standard deviation; null with fewer than two values
 * @param binEdges numeric only: the column's deciles with equal edges merged, from min to max, one
 *     more than the bins; a constant column has the single bin {@code [v, v]}. See {@link
 *     Profiler#binOf}
 * @param binCounts numeric only: values in each bin, {@code edge[i] <= v < edge[i+1]}, the last bin
 *     including max
 * @param frequencies categorical only: counts of the 50 most common values, most common first (ties
 *     by value), and {@value Profiler#OTHER} for all other values together when there are more
 * @param distinct number of distinct values present
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ColumnProfile(
    String name,
    String type,
    long count,
    long missing,
    Double min,
    Double max,
    Double mean,
    Double std,
    List<Double> binEdges,
    List<Long> binCounts,
    Map<String, Long> frequencies,
    long distinct) {}
