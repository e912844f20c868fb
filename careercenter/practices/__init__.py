"""The best-practice library: global practices shipped with the product, and each institution's."""
