"""BKS: the Backstage software catalog: owners, references, the organisation, Locations."""
