"""Content that communications teams edit: incident notices, advice per data category, phrases."""
