"""Pure, data-driven rules for reading numbers, reference ranges and flags on lab reports."""
