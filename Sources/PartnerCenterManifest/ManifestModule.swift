package enum ManifestModule {}
