import Foundation

/// One chapter of the book: an executable target `Chapters/ChapterNN…/main.swift`.
public struct ChapterEntry: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The chapter number, from the first two digits after "Chapter".
    public let number: Int
    /// The executable target's name, which is also its folder and binary name.
    public let target: String

    public init(number: Int, target: String) {
        self.number = number
        self.target = target
    }

    /// "chapter11": the book's file name and the sub-folder of `figures/`.
    public var folderName: String { ChapterEntry.folderName(number) }

    /// "chapter11" for 11: shared by the chapter runtime and every runner.
    public static func folderName(_ number: Int) -> String { String(format: "chapter%02d", number) }

    public var description: String { target }
}

/// The chapters present: every `Chapters/ChapterNN…` folder holding a `main.swift`.
public enum ChapterCatalogue {
    /// The chapters in `folder` (the package's `Chapters/`), in chapter order.
    public static func chapters(in folder: URL) -> [ChapterEntry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.compactMap { name -> ChapterEntry? in
            guard name.hasPrefix("Chapter"), let number = Int(name.dropFirst(7).prefix(2)),
                  FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).appendingPathComponent("main.swift").path)
            else { return nil }
            return ChapterEntry(number: number, target: name)
        }.sorted { $0.number < $1.number }
    }
}
