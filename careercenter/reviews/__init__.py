"""Advisor review of 90-Day Blueprints: the queue, claims, anchored comments, the rubric."""
