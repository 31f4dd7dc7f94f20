"""Site-wide defences that belong to no single app: refusals that explain themselves."""
